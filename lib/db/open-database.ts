import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import { PrismaClient } from "./generated/client.ts";
import { applyMigrations, type SqlSession } from "./migrate.ts";
import { acquirePgliteLock } from "./pglite-lock.ts";

// Under load the engine's runs and app code share the pool: a transaction waits up to 10 s
// for a connection instead of Prisma's default 2 s before failing with P2028.
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

export type Database = {
  kind: "postgres" | "pglite";
  prisma: PrismaClient;
  close(): Promise<void>;
};

export type OpenOptions = {
  /** postgres://… selects PostgreSQL; otherwise PGlite. */
  url?: string;
  /** PGlite data folder; omitted means in memory (tests). */
  pgliteDir?: string;
  poolSize?: number;
  migrate?: boolean;
};

/** Opens PostgreSQL or embedded PGlite behind the same Prisma client, migrated. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url && /^postgres(ql)?:\/\//.test(opts.url)) return openPostgres(opts.url, opts);
  return openPglite(opts);
}

async function openPostgres(url: string, opts: OpenOptions): Promise<Database> {
  if (opts.migrate !== false) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await applyMigrations(pgSession(client));
    } finally {
      await client.end();
    }
  }
  const adapter = new PrismaPg({ connectionString: url, max: opts.poolSize ?? 10 });
  const prisma = new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
  return { kind: "postgres", prisma, close: () => prisma.$disconnect() };
}

async function openPglite(opts: OpenOptions): Promise<Database> {
  // PGlite does not create missing parent folders.
  let release = () => {};
  if (opts.pgliteDir) {
    mkdirSync(path.dirname(path.resolve(opts.pgliteDir)), { recursive: true });
    release = acquirePgliteLock(path.resolve(opts.pgliteDir));
  }
  const lite = await PGlite.create(opts.pgliteDir);
  if (opts.migrate !== false) await applyMigrations(pgliteSession(lite));
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(lite), transactionOptions: TRANSACTION_OPTIONS });
  return {
    kind: "pglite",
    prisma,
    close: async () => {
      await prisma.$disconnect();
      await lite.close();
      release();
    },
  };
}

function pgSession(client: pg.Client): SqlSession {
  return {
    exec: async (sql) => void (await client.query(sql)),
    query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
  };
}

function pgliteSession(lite: PGlite): SqlSession {
  return {
    exec: async (sql) => void (await lite.exec(sql)),
    query: async (sql, params) => (await lite.query(sql, params as unknown[])).rows as Record<string, unknown>[],
  };
}
