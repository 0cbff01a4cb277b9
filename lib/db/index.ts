import path from "node:path";
import { config } from "../config/index.ts";
import { openDatabase, type Database } from "./open-database.ts";

export type { PrismaClient } from "./generated/client.ts";
export { Prisma } from "./generated/client.ts";

// One database per process; kept on globalThis so dev-server reloads reuse it.
const holder = globalThis as unknown as { __agencyDb?: Promise<Database> };

/** The app's database, opened and migrated on first use. */
export function getDatabase(): Promise<Database> {
  holder.__agencyDb ??= openDatabase({
    url: config().databaseUrl,
    dataDir: config().dataDir,
    embeddedPort: config().embeddedPostgresPort,
    poolSize: config().databasePoolSize,
  }).catch((err) => {
    holder.__agencyDb = undefined;
    throw err;
  });
  return holder.__agencyDb;
}

export async function db() {
  return (await getDatabase()).prisma;
}

/** For start-up lines: which server, never its password. */
export function describeDatabase(database: Database): string {
  const u = new URL(database.url);
  return database.kind === "embedded"
    ? `embedded PostgreSQL on ${u.host}, data in ${path.join(config().dataDir, "postgres")}`
    : `PostgreSQL at ${u.host}${u.pathname} (DATABASE_URL)`;
}

/** Lets tests and scripts point the process at a database they opened. */
export function useDatabase(database: Database): void {
  holder.__agencyDb = Promise.resolve(database);
}
