import type pg from "pg";
import { inPoolTransaction } from "./pool-transaction.ts";

// The hot path's prepared statements run on generic plans (planned once per connection, not on
// every call: see prepared-statements.ts). A generic plan keeps the joins that suited the
// tables when it was made until something invalidates it, and an ANALYZE of a table it reads
// does (in every session). Autovacuum analyzes a table only after 10 % of it changed and at
// most once a minute, so a fresh install's plans, made on nearly empty tables, would keep
// their sequential scans while the tables grow by thousands of rows a second. This analyzes a
// table whenever its live rows are more than twice (or less than a quarter of) what its last
// ANALYZE or VACUUM counted: a few times while a young table grows, then rarely (a table of a
// million rows waits for its next million), so no plan is ever made for a table a fraction of
// the size it has. A rule autovacuum cannot be given: its thresholds are linear in the size.

const EVERY_MS = 2_000;
/** Below this many rows the plans' choices cost little either way. */
const FLOOR_ROWS = 250;
// One process analyzes at a time; the others skip the round.
const LOCK = 0x61_6e_61_6c; // "anal"

/**
 * Tables whose live rows left [reltuples / 4, 2 × reltuples] since their statistics were taken,
 * each as `ANALYZE`'s target: the table and the first column of its primary key. A size is what
 * the plans need (ANALYZE sets the table's rows and pages whatever columns it is given); one
 * column's statistics cost little, where all of them meant reading the sampled rows' request and
 * response bodies (delivery_attempts: ~240 ms of 600 ms for the four rounds of a fresh install's
 * first 8,000 deliveries). The other columns keep theirs until autovacuum's next ANALYZE.
 */
const RESIZED = `
  SELECT format('%I.%I', s.schemaname, s.relname) AS name,
         format('%I.%I', s.schemaname, s.relname) || coalesce(format(' (%I)', key.attname), '') AS target
    FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
    LEFT JOIN LATERAL (
      SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
       WHERE i.indrelid = s.relid AND i.indisprimary) key ON true
   WHERE s.n_live_tup > 2 * greatest(c.reltuples, ${FLOOR_ROWS})
      OR (c.reltuples > 4 * ${FLOOR_ROWS} AND s.n_live_tup < c.reltuples / 4)`;

/**
 * Analyzes the tables that grew or shrank past their statistics (see above); returns their
 * names. Skips the round (returns []) when another process is at it.
 */
export async function analyzeResizedTables(pool: pg.Pool): Promise<string[]> {
  // An autovacuum already analyzing a table is waited for briefly, not for its whole run.
  return inPoolTransaction(pool, "BEGIN; SET LOCAL lock_timeout = '200ms'", async (client) => {
    const [{ mine }] = (await client.query(`SELECT pg_try_advisory_xact_lock(${LOCK}) AS mine`)).rows;
    if (!mine) return [];
    const rows = (await client.query<{ name: string; target: string }>(RESIZED)).rows;
    if (rows.length) await client.query(`ANALYZE ${rows.map((r) => r.target).join(", ")}`);
    return rows.map((r) => r.name);
  });
}

const watched = new WeakSet<pg.Pool>();

/**
 * Starts the periodic check for a pool whose statements use generic plans, once per pool, on
 * its first use (a process that never runs the hot path never checks). It stops once the pool
 * has ended, and never keeps a process alive.
 */
export function keepPlansFresh(pool: pg.Pool): void {
  if (watched.has(pool)) return;
  watched.add(pool);
  let running = false;
  const timer = setInterval(() => {
    if (pool.ended) return clearInterval(timer);
    if (running) return;
    running = true;
    analyzeResizedTables(pool)
      .catch(() => {}) // a lost connection or a lock timeout: the next round tries again
      .finally(() => (running = false));
  }, EVERY_MS);
  timer.unref();
}
