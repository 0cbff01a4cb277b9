import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { ensureEmbeddedPostgres } from "./embedded-postgres.ts";
import { PrismaClient } from "./generated/client.ts";
import { encryptLegacyHeaders } from "@/lib/webhooks/encrypt-legacy-headers.ts";
import { applyMigrations, type SqlSession } from "./migrate.ts";
import { registerPool } from "./prepared-statements.ts";

// Under load the engine's runs and app code share the pool: a transaction waits up to 10 s
// for a connection instead of Prisma's default 2 s before failing with P2028.
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

export type Database = {
  /** embedded: this data folder's embedded PostgreSQL; external: DATABASE_URL's server. */
  kind: "embedded" | "external";
  url: string;
  prisma: PrismaClient;
  close(): Promise<void>;
};

export type OpenOptions = {
  /** A postgres:// URL; unset: the embedded PostgreSQL of `dataDir`. */
  url?: string;
  /** Where the embedded PostgreSQL keeps its cluster ($DATA_DIR). */
  dataDir?: string;
  /** EMBEDDED_POSTGRES_PORT. */
  embeddedPort?: number;
  poolSize?: number;
  migrate?: boolean;
};

/** Opens PostgreSQL (DATABASE_URL's, or the embedded one, started if needed) behind Prisma, migrated. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  let url = opts.url;
  let kind: Database["kind"] = "external";
  if (!url) {
    if (!opts.dataDir) throw new Error("openDatabase needs a PostgreSQL URL or a data folder");
    url = (await ensureEmbeddedPostgres({ dataDir: opts.dataDir, port: opts.embeddedPort })).url;
    kind = "embedded";
  }
  if (opts.migrate !== false) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await applyMigrations(pgSession(client));
    } finally {
      await client.end();
    }
  }
  // Prisma's pool plans every call with its real parameters (plan_cache_mode =
  // force_custom_plan): the prepared statements used to run here, and a generic plan, cached
  // after five calls, kept whatever joins suited the tables when it was made until an ANALYZE
  // (the engine's claim still runs here, on a generic plan it asks for in its transaction).
  // Set in the connection's start-up options, not by a query on "connect": that query ran
  // beside the pool's first one on the same client (pg's "already executing a query" deprecation).
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    options: "-c plan_cache_mode=force_custom_plan",
  });
  // The hot path's prepared statements, planned once per connection (prepared-statements.ts).
  // Its connections are opened on first use, and idle ones never keep the process alive.
  const hotPool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    options: "-c plan_cache_mode=force_generic_plan",
    allowExitOnIdle: true,
  });
  hotPool.on("error", () => {});
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const prisma = new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
  registerPool(prisma, hotPool);
  // An idle connection the server dropped (a restart) is replaced at the next checkout; without
  // a listener the pool's "error" event would end the process before Prisma has connected.
  pool.on("error", () => {});
  // Custom header values stored in plain text before they were encrypted at rest get
  // encrypted now, before anything reads them (a no-op once done: one probe of an empty table).
  if (opts.migrate !== false) await encryptLegacyHeaders(prisma);
  return {
    kind,
    url,
    prisma,
    close: async () => {
      await prisma.$disconnect();
      if (!hotPool.ended) await hotPool.end();
    },
  };
}

function pgSession(client: pg.Client): SqlSession {
  return {
    exec: async (sql) => void (await client.query(sql)),
    query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
  };
}
