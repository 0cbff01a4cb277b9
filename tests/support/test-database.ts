import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "@/lib/db/open-database.ts";

export type TestDbKind = "postgres" | "pglite";

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export type TestDatabase = Database & { url?: string; drop(): Promise<void> };

/**
 * A freshly migrated database of its own for one test file: a new PostgreSQL database
 * (dropped afterwards), or an in-memory PGlite. Nothing is shared between files.
 */
export async function createTestDatabase(kind: TestDbKind = defaultKind()): Promise<TestDatabase> {
  if (kind === "pglite") {
    const db = await openDatabase({});
    return { ...db, drop: () => db.close() };
  }
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = withDatabase(ADMIN_URL, name);
  const db = await openDatabase({ url, poolSize: 5 });
  return {
    ...db,
    url,
    drop: async () => {
      await db.close();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

export function defaultKind(): TestDbKind {
  return process.env.TEST_DB === "pglite" ? "pglite" : "postgres";
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
