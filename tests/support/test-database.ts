import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type Database } from "@/lib/db/open-database.ts";

/** The run's PostgreSQL server (TEST_DATABASE_URL, or the embedded one of tests/support/global-setup.ts). */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? inject("testDatabaseUrl");

export type TestDatabase = Database & { drop(): Promise<void> };

/** A freshly migrated database of its own for one test file, dropped afterwards. Nothing is shared between files. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = ADMIN_URL;
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  const url = withDatabase(adminUrl, name);
  const db = await openDatabase({ url, poolSize: 5 });
  return {
    ...db,
    drop: async () => {
      await db.close();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
