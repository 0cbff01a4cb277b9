import type pg from "pg";

// The delivery hot path's statements (reserve, record, the engine's claims and run writes, the
// fan-out) run as named prepared statements on the pg pool that Prisma's adapter uses: each is
// parsed and planned once per connection instead of on every call (about 1 ms of the server's
// CPU per call for these CTEs, as much as executing them), and they skip the Prisma client's
// own per-call work. Everything else stays on Prisma.
//
// Their rows come in as one JSON parameter through jsonb_to_recordset, which PostgreSQL
// estimates at 100 rows whatever it holds; against a table of a few thousand rows (a young
// install, the bench) that made it hash a sequential scan of deliveries or engine_runs on every
// call, a cost that grew with the table (most of the server's CPU per delivery at 8,000 rows).
// So each reads its recordset under `LIMIT $n` (n = the rows sent): estimated at 10 rows in a
// generic plan, exact in a custom one, and the joins probe the primary keys.

type RawClient = { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> };

export type Statement = { name: string; text: string };

const pools = new WeakMap<object, pg.Pool>();

/** Called by openDatabase: `prisma` runs on `pool`. */
export function registerPool(prisma: object, pool: pg.Pool): void {
  pools.set(prisma, pool);
}

/** The pg pool behind a client that openDatabase made (not behind a wrapper, e.g. a test's fault injector). */
export function poolOf(client: object): pg.Pool | undefined {
  return pools.get(client);
}

/** A statement with a name unique in the process (pg keys its per-connection cache by name). */
export function statement(name: string, text: string): Statement {
  return { name, text };
}

/**
 * Runs `stmt` prepared on the client's pool, or through Prisma for a client that has none (a
 * wrapper): the same rows either way for the types these statements return (text, int4,
 * boolean, timestamptz as Date, json/jsonb parsed); int8 and numeric differ (pg gives text),
 * so these statements cast counts to int.
 */
export async function queryPrepared<R>(client: RawClient, stmt: Statement, values: unknown[]): Promise<R[]> {
  const pool = pools.get(client);
  if (!pool) return client.$queryRawUnsafe<R[]>(stmt.text, ...values);
  const res = await pool.query<R & pg.QueryResultRow>({ name: stmt.name, text: stmt.text, values });
  return res.rows;
}
