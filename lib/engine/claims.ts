import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../db/index.ts";
import { jsonColumn } from "../db/json-column.ts";
import { poolOf, queryPrepared, statement } from "../db/prepared-statements.ts";
import type { EngineEventRecord, StepMemo } from "./store.ts";

// Taking runs to drive, across every process on the database. A claim counts the running,
// unexpired runs of every process per concurrency key and per function, and takes only runs
// that fit, while holding a transaction-level advisory lock so that two processes' claims
// never count the same free slot. Each claim gives the run a fresh lease token, which every
// later write and heartbeat of its driver must present (fencing).
//
// batchEvents: a run of a batched function is queued with its batch key and stays open (no
// `events`) until a claim starts it. Only the oldest open run of each key is a candidate, and
// only when its concurrency key has a free slot, so a lone event starts at once; while the key
// is busy its events wait and accumulate. The claim that starts it takes the key's other open
// runs queued within the timeout of the first (at most maxSize in all, oldest first) into it:
// they become `batched` (batch_run_id = the run) and the run's `events` is the batch, in the
// same transaction. The membership is then fixed: a re-claim after a crash, a retry or a wake
// from a sleep re-runs exactly that batch. A running batch holds min(its events, the key's
// limit) slots of its concurrency key (Inngest counts a batch once): a function that sends a
// batch's items that many at a time then keeps its key's limit across processes. A batch takes
// up to maxSize events when that fits in the key's free slots, else as many events as are free.

type Db = Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe" | "$transaction">;
type Query = Pick<PrismaClient, "$queryRawUnsafe">;

export type NewRun = {
  id: string;
  functionId: string;
  eventId: string;
  event: EngineEventRecord;
  concurrencyKey: string | null;
  /** The batch the run opens or joins (functions with batchEvents), else null. */
  batchKey: string | null;
};

export type ClaimedRun = {
  id: string;
  functionId: string;
  event: EngineEventRecord;
  /** What the SDK gets as `events`: the batch (first = `event`), or just `event`. */
  events: EngineEventRecord[];
  attempt: number;
  concurrencyKey: string | null;
  /** This claim's fencing token. */
  leaseToken: string;
  steps: [string, StepMemo][];
};

/** Per function: its per-key limit and its whole-function limit (null = none), its batching (null = none). */
export type FunctionLimits = {
  id: string;
  keyLimit: number | null;
  fnLimit: number | null;
  batchSize?: number | null;
  batchTimeoutMs?: number | null;
};

const CLAIM_LOCK = 726_354_001; // any constant: the one advisory lock all claims take
export const interval = (ms: number) => `${Math.max(0, Math.round(ms))} milliseconds`;

const INSERT_EVENTS_AND_RUNS = statement(
  "engine-insert-events-and-runs",
  `WITH ev AS (
       INSERT INTO engine_events (id, name, data, ts, received_at)
       SELECT e.id, e.name, e.data, to_timestamp(e.ts / 1000.0), now()
       FROM jsonb_to_recordset($1::jsonb) AS e(id text, name text, data jsonb, ts double precision)
       ON CONFLICT (id) DO NOTHING),
     runs AS (
       INSERT INTO engine_runs (id, function_id, event_id, event, status, attempt, wake_at, concurrency_key, batch_key, created_at, updated_at)
       SELECT r.id, r.function_id, r.event_id, r.event, 'queued', 0, now(), r.concurrency_key, r.batch_key, clock_timestamp(), now()
       FROM jsonb_to_recordset($2::jsonb) AS r(id text, function_id text, event_id text, event jsonb, concurrency_key text, batch_key text)
       ON CONFLICT (function_id, event_id) DO NOTHING RETURNING id)
     SELECT count(*)::int AS n FROM runs`,
);

/**
 * Records the events and creates the runs they trigger, one per (function, event id): a
 * repeated event id starts nothing for a function that already has its run. Returns how many
 * runs are new.
 */
export async function insertEventsAndRuns(db: Query, events: EngineEventRecord[], runs: NewRun[]): Promise<number> {
  const rows = await queryPrepared<{ n: number }>(db, INSERT_EVENTS_AND_RUNS, [
    JSON.stringify(events.map((e) => ({ id: e.id, name: e.name, data: e.data ?? {}, ts: e.ts }))),
    JSON.stringify(
      runs.map((r) => ({
        id: r.id,
        function_id: r.functionId,
        event_id: r.eventId,
        event: r.event,
        concurrency_key: r.concurrencyKey,
        batch_key: r.batchKey,
      })),
    ),
  ]);
  return Number(rows[0]?.n ?? 0);
}

const CLAIM = statement(
  "engine-claim-runs",
  `
WITH fns AS (
  SELECT f.* FROM jsonb_to_recordset($1::jsonb)
    AS f(id text, key_limit int, fn_limit int, batch_size int, batch_timeout_ms double precision)),
busy AS (
  SELECT function_id, concurrency_key, slots FROM engine_runs WHERE status = 'running' AND locked_until >= now()),
busy_fn AS (SELECT function_id, count(*)::int AS n FROM busy GROUP BY function_id),
busy_key AS (SELECT concurrency_key, sum(slots)::int AS n FROM busy WHERE concurrency_key IS NOT NULL GROUP BY concurrency_key),
-- The oldest open run of each batch key: the only one of the key that can start a batch. A loose
-- index scan over engine_runs_open_batch_idx: one probe per (function, key) pair, not a walk of
-- the queued runs waiting to join a batch.
keys AS MATERIALIZED (
  WITH RECURSIVE k AS (
    (SELECT r.function_id, r.batch_key FROM engine_runs r
     WHERE r.status = 'queued' AND r.batch_key IS NOT NULL AND r.events IS NULL
     ORDER BY r.function_id, r.batch_key LIMIT 1)
    UNION ALL
    SELECT n.function_id, n.batch_key FROM k, LATERAL (
      SELECT r.function_id, r.batch_key FROM engine_runs r
      WHERE r.status = 'queued' AND r.batch_key IS NOT NULL AND r.events IS NULL
        AND (r.function_id, r.batch_key) > (k.function_id, k.batch_key)
      ORDER BY r.function_id, r.batch_key LIMIT 1) n)
  SELECT function_id, batch_key FROM k),
heads AS (
  SELECT h.id FROM keys k JOIN fns f ON f.id = k.function_id AND f.batch_size IS NOT NULL
  CROSS JOIN LATERAL (
    SELECT r.id FROM engine_runs r
    WHERE r.function_id = k.function_id AND r.batch_key = k.batch_key
      AND r.status = 'queued' AND r.batch_key IS NOT NULL AND r.events IS NULL AND r.wake_at <= now()
    ORDER BY r.created_at, r.id LIMIT 1) h),
-- What picked may take, each part from an index of its own: due queued runs that are not open
-- batch members (engine_runs_claimable_idx), expired leases, the heads, and open runs of a
-- function that no longer batches. picked keeps its whole condition; these only narrow the scan.
candidates AS (
  SELECT r.id FROM engine_runs r
  WHERE r.status = 'queued' AND (r.batch_key IS NULL OR r.events IS NOT NULL) AND r.wake_at <= now()
  UNION ALL
  SELECT r.id FROM engine_runs r WHERE r.status = 'running' AND r.locked_until < now()
  UNION ALL
  SELECT id FROM heads
  UNION ALL
  SELECT o.id FROM fns f CROSS JOIN LATERAL (
    SELECT r.id FROM engine_runs r
    WHERE r.function_id = f.id AND r.status = 'queued' AND r.batch_key IS NOT NULL AND r.events IS NULL
      AND r.wake_at <= now() OFFSET 0) o
  WHERE f.batch_size IS NULL),
picked AS (
  SELECT r.id, r.function_id, r.concurrency_key, r.wake_at, r.batch_key, r.created_at, r.slots,
         (f.batch_size IS NOT NULL AND r.batch_key IS NOT NULL AND r.events IS NULL) AS opens_batch
  FROM engine_runs r JOIN fns f ON f.id = r.function_id
  WHERE r.id = ANY (ARRAY(SELECT id FROM candidates))
    AND ((r.status = 'queued' AND r.wake_at <= now()) OR (r.status = 'running' AND r.locked_until < now()))
    AND r.id NOT IN (SELECT jsonb_array_elements_text($2::jsonb))
    AND (f.batch_size IS NULL OR r.batch_key IS NULL OR r.events IS NOT NULL OR r.id IN (SELECT id FROM heads))
    AND (f.fn_limit IS NULL OR coalesce((SELECT n FROM busy_fn b WHERE b.function_id = r.function_id), 0) < f.fn_limit)
    AND (r.concurrency_key IS NULL OR f.key_limit IS NULL
         OR coalesce((SELECT n FROM busy_key b WHERE b.concurrency_key = r.concurrency_key), 0) + least(r.slots, f.key_limit) <= f.key_limit)
  ORDER BY r.wake_at
  LIMIT $3
  FOR UPDATE OF r SKIP LOCKED),
ranked AS (
  -- A batch about to open counts 1 here; it takes more slots only out of what is left (below).
  SELECT p.*, sum(CASE WHEN p.opens_batch THEN 1 ELSE least(p.slots, coalesce(f.key_limit, 1)) END) OVER (PARTITION BY p.concurrency_key ORDER BY p.wake_at, p.id) AS slots_of_key,
         row_number() OVER (PARTITION BY p.function_id ORDER BY p.wake_at, p.id) AS nth_of_fn
  FROM picked p JOIN fns f ON f.id = p.function_id),
fits AS (
  SELECT k.id, k.function_id, k.batch_key, k.created_at, k.opens_batch, k.wake_at, k.concurrency_key,
         CASE WHEN k.opens_batch THEN 1 ELSE least(k.slots, coalesce(f.key_limit, 1)) END AS claimed_slots,
         CASE WHEN k.concurrency_key IS NOT NULL AND f.key_limit IS NOT NULL
              THEN f.key_limit - coalesce((SELECT n FROM busy_key b WHERE b.concurrency_key = k.concurrency_key), 0)
         END AS key_free
  FROM ranked k JOIN fns f ON f.id = k.function_id
  WHERE (f.fn_limit IS NULL OR k.nth_of_fn + coalesce((SELECT n FROM busy_fn b WHERE b.function_id = k.function_id), 0) <= f.fn_limit)
    AND (k.concurrency_key IS NULL OR f.key_limit IS NULL
         OR k.slots_of_key + coalesce((SELECT n FROM busy_key b WHERE b.concurrency_key = k.concurrency_key), 0) <= f.key_limit)
  ORDER BY k.wake_at, k.id
  LIMIT $4),
-- What a batch opening here may grow to: the slots of its key that nothing else claimed here
-- takes (only the first batch of a key grows; another counts 1).
fitted AS (
  SELECT k.*,
         CASE WHEN k.key_free IS NULL THEN NULL
              WHEN k.opens_batch AND row_number() OVER (PARTITION BY k.concurrency_key, k.opens_batch ORDER BY k.wake_at, k.id) = 1
                THEN k.key_free - sum(k.claimed_slots) OVER (PARTITION BY k.concurrency_key) + 1
              ELSE 1 END AS free
  FROM fits k),
-- Each batch started here takes its key's other open runs, queued within the timeout of its first:
-- the oldest it may take (maxSize - 1 of them) through engine_runs_open_batch_idx, not every
-- open run of the key. (Counting only those as others below changes nothing: free is at
-- most the key's limit.)
joining AS (
  SELECT j.id, j.event, j.created_at, k.id AS batch_id FROM fitted k
    JOIN fns f ON f.id = k.function_id
    CROSS JOIN LATERAL (
      SELECT r.id, r.event, r.created_at FROM engine_runs r
      WHERE r.function_id = k.function_id AND r.batch_key = k.batch_key AND r.id <> k.id
        AND r.status = 'queued' AND r.batch_key IS NOT NULL AND r.events IS NULL AND r.wake_at <= now()
        AND r.created_at <= k.created_at + f.batch_timeout_ms * interval '1 millisecond'
      ORDER BY r.created_at, r.id
      LIMIT greatest(f.batch_size - 1, 0)
      FOR UPDATE OF r SKIP LOCKED) j
  WHERE k.opens_batch),
members AS (
  SELECT j.*, row_number() OVER (PARTITION BY j.batch_id ORDER BY j.created_at, j.id) AS nth,
         count(*) OVER (PARTITION BY j.batch_id) AS others
  FROM joining j),
-- A batch holds min(its size, the key's limit) slots (it sends that many at once): it takes
-- up to maxSize when that fits in the key's free slots, else only as many as are free.
taken AS (
  SELECT m.* FROM members m JOIN fitted k ON k.id = m.batch_id JOIN fns f ON f.id = k.function_id
  WHERE m.nth < f.batch_size
    AND (k.free IS NULL OR k.free >= least(1 + m.others, f.key_limit) OR m.nth < k.free)),
absorbed AS (
  UPDATE engine_runs r SET status = 'batched', batch_run_id = t.batch_id, updated_at = now()
  FROM taken t WHERE r.id = t.id),
batches AS (
  SELECT k.id, jsonb_build_array(r.event) || coalesce(t.events, '[]'::jsonb) AS events,
         CASE WHEN k.free IS NULL THEN 1 ELSE least(1 + coalesce(t.n, 0), f.key_limit) END AS slots
  FROM fitted k JOIN fns f ON f.id = k.function_id JOIN engine_runs r ON r.id = k.id
  LEFT JOIN (SELECT batch_id, jsonb_agg(event ORDER BY nth) AS events, count(*)::int AS n FROM taken GROUP BY batch_id) t
    ON t.batch_id = k.id
  WHERE k.opens_batch)
UPDATE engine_runs r SET status = 'running', locked_until = now() + $5::interval, updated_at = now(),
  lease_token = $6 || r.id, events = coalesce(b.events, r.events), slots = coalesce(b.slots, r.slots)
FROM fitted LEFT JOIN batches b ON b.id = fitted.id WHERE r.id = fitted.id
RETURNING r.id, r.function_id, r.event, coalesce(b.events, r.events) AS events, r.attempt, r.concurrency_key, r.lease_token,
  (SELECT coalesce(json_agg(json_build_array(s.hash, s.data) ORDER BY s.created_at), '[]'::json)
   FROM engine_steps s WHERE s.run_id = r.id) AS steps,
  (SELECT count(*) FROM candidates)::int AS seen`,
);

export type ClaimResult = {
  runs: ClaimedRun[];
  /**
   * Every due run the claim saw was taken, so none waits for a slot to free up. Known only
   * when it took some (the rows carry the count): false when it took none.
   */
  tookAllDue: boolean;
};

/**
 * Claims up to `limit` due runs: queued ones whose wake time has come and running ones whose
 * lease expired (their process died or stalled), never one this process holds (`held`).
 */
export async function claimRuns(
  db: Db,
  opts: { limit: number; leaseMs: number; functions: FunctionLimits[]; held: string[] },
): Promise<ClaimResult> {
  if (opts.limit <= 0 || opts.functions.length === 0) return { runs: [], tookAllDue: false };
  const params = [
    JSON.stringify(
      opts.functions.map((f) => ({
        id: f.id,
        key_limit: f.keyLimit,
        fn_limit: f.fnLimit,
        batch_size: f.batchSize ?? null,
        batch_timeout_ms: f.batchTimeoutMs ?? null,
      })),
    ),
    JSON.stringify(opts.held),
    Math.min(1000, opts.limit * 4),
    opts.limit,
    interval(opts.leaseMs),
    `${randomUUID()}:`,
  ];
  const rows = await claimInTransaction(db, params);
  const runs = rows.map((r) => {
    const event = jsonColumn(r.event) as EngineEventRecord;
    const events = r.events == null ? [event] : (jsonColumn(r.events) as EngineEventRecord[]);
    return {
      id: String(r.id),
      functionId: String(r.function_id),
      event,
      events,
      attempt: Number(r.attempt),
      concurrencyKey: (r.concurrency_key as string | null) ?? null,
      leaseToken: String(r.lease_token),
      steps: jsonColumn(r.steps) as [string, StepMemo][],
    };
  });
  return { runs, tookAllDue: rows.length > 0 && Number(rows[0].seen) <= rows.length };
}

// Under the claim lock, in one transaction: on the pool, the lock and BEGIN share a round trip.
// The claim runs on a generic plan, unlike the other prepared statements (open-database.ts sets
// force_custom_plan for them): its tables are reached through partial indexes and primary keys
// whichever rows the parameters hold, so planning it on every call (1.2-1.5 ms of the server's
// CPU, more than the claim's own execution when little is due) bought nothing. Measured on
// 8,000 queued runs in 10 batch keys: 2.5 -> 1.0 ms a claim with nothing to batch, 13.3 -> 11.4
// ms starting ten batches.
async function claimInTransaction(db: Db, params: unknown[]): Promise<Record<string, unknown>[]> {
  const pool = poolOf(db);
  if (!pool) {
    const [, rows] = await db.$transaction([
      db.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CLAIM_LOCK})`),
      db.$queryRawUnsafe<Record<string, unknown>[]>(CLAIM.text, ...params),
    ]);
    return rows;
  }
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(
      `BEGIN; SET LOCAL plan_cache_mode = force_generic_plan; SELECT pg_advisory_xact_lock(${CLAIM_LOCK})`,
    );
    const res = await client.query<Record<string, unknown>>({ name: CLAIM.name, text: CLAIM.text, values: params });
    await client.query("COMMIT");
    return res.rows;
  } catch (err) {
    await client.query("ROLLBACK").catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.release(broken);
  }
}

/**
 * Extends the leases this process still holds and returns the runs it no longer holds
 * (another process claimed them, or they ended). Rows locked by a write in flight are
 * skipped rather than waited for: that write extends the lease itself, and a heartbeat that
 * never waits for a row lock cannot take part in a deadlock.
 */
export async function extendLeases(
  db: Query,
  held: { id: string; token: string }[],
  leaseMs: number,
): Promise<string[]> {
  if (held.length === 0) return [];
  const rows = await queryPrepared<{ id: string }>(db, EXTEND_LEASES, [
    JSON.stringify(held),
    interval(leaseMs),
    held.length,
  ]);
  return rows.map((r) => r.id);
}

const EXTEND_LEASES = statement(
  "engine-extend-leases",
  `WITH mine AS (SELECT x.id, x.token FROM jsonb_to_recordset($1::jsonb) AS x(id text, token text) LIMIT $3),
     live AS (
       SELECT r.id FROM engine_runs r JOIN mine m ON m.id = r.id AND r.lease_token = m.token
       WHERE r.status = 'running' ORDER BY r.id FOR NO KEY UPDATE OF r SKIP LOCKED),
     extended AS (UPDATE engine_runs r SET locked_until = now() + $2::interval FROM live WHERE r.id = live.id RETURNING r.id)
     SELECT m.id FROM mine m
     WHERE NOT EXISTS (SELECT 1 FROM engine_runs r WHERE r.id = m.id AND r.lease_token = m.token AND r.status = 'running')`,
);
