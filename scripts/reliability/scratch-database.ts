import { randomBytes } from "node:crypto";
import pg from "pg";
import { startScratchPostgres } from "@/lib/db/scratch-postgres.ts";

// A database of its own for one soak run, dropped afterwards: the soak never touches the app's
// data. On TEST_DATABASE_URL's server, or else on a PostgreSQL server of its own (the embedded
// binaries, in a temporary folder), stopped and deleted with the database.

async function admin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = process.env.TEST_DATABASE_URL ? undefined : await startScratchPostgres("soak");
  const adminUrl = process.env.TEST_DATABASE_URL ?? server!.adminUrl;
  const name = `soak_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await admin(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await server?.destroy();
    },
  };
}
