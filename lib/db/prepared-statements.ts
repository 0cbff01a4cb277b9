import type pg from "pg";
import { keepPlansFresh } from "./plan-freshness.ts";

// The delivery hot path's statements (reserve, record, the engine's claims and run writes, the
// fan-out) run as named prepared statements on a pool of their own beside the one Prisma's
// adapter uses: each is parsed once per connection, and they skip the Prisma client's own
// per-call work. Everything else stays on Prisma.
//
// That pool plans each statement once per connection (plan_cache_mode = force_generic_plan)
// instead of on every call: planning these CTEs cost the server as much as running them (at
// full speed x 10, 0.4-0.5 ms of its time per delivery in planning alone, the foreign-key
// checks their inserts fire included). A generic plan keeps the joins that suited the tables
// when it was made, so plan-freshness.ts analyzes a table whenever it has grown to twice (or
// shrunk to a quarter of) the size its statistics say, which makes every session plan again (without
// it, on a fresh install, plans made on empty tables scanned thousands of rows per delivery).
//
// Their rows come in as one JSON parameter through jsonb_to_recordset, which PostgreSQL
// estimates at 100 rows whatever it holds; each reads its recordset under `LIMIT $n` (n = the
// rows sent: estimated at 10 rows in a generic plan), so the joins probe the primary keys.

type RawClient = { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> };

export type Statement = { name: string; text: string };

const pools = new WeakMap<object, pg.Pool>();

/** Called by openDatabase: the prepared statements of `prisma`'s database run on `hot`. */
export function registerPool(prisma: object, hot: pg.Pool): void {
  pools.set(prisma, hot);
}

/**
 * The pool the prepared statements run on (generic plans, see above), behind a client that
 * openDatabase made (not behind a wrapper, e.g. a test's fault injector).
 */
export function hotPoolOf(client: object): pg.Pool | undefined {
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
  keepPlansFresh(pool);
  const res = await pool.query<R & pg.QueryResultRow>({ name: stmt.name, text: stmt.text, values });
  return res.rows;
}
