import { randomUUID } from "node:crypto";
import { newOrderedId } from "../ids.ts";
import type { PrismaClient } from "../db/index.ts";
import { jsonColumn } from "../db/json-column.ts";
import { queryPrepared, statement } from "../db/prepared-statements.ts";
import type { EngineEventRecord, StepMemo } from "./store.ts";

// Taking runs to drive, across every process on the database. A claim counts the running,
// unexpired runs of every process per concurrency key and per function, and takes only runs
// that fit, while holding a transaction-level advisory lock so that two processes' claims
// never count the same free slot. Each claim gives the run a fresh lease token, which every
// later write and heartbeat of its driver must present (fencing).
//
// batchEvents: an event for a batched function is not a run. It is queued as an item of its
// (function, batch key) in engine_batch_items, which costs a row and two index entries; a run
// row and its update when a batch took it cost three times as many, and at full speed the
// database spent more CPU per delivery than the app. Only the oldest open item of each key can
// start a batch, and only when its concurrency key has a free slot, so a lone event starts at
// once; while the key is busy its items wait and accumulate. The claim that starts a batch
// makes its run (running, under this claim's lease) with the key's open items queued within
// the timeout of the first (at most maxSize in all, oldest first) as `events`, and marks those
// items with the run, in the same statement. The membership is then fixed: a re-claim after a
// crash, a retry or a wake from a sleep re-runs exactly that batch. A running batch holds
// min(its events, the key's limit) slots of its concurrency key (Inngest counts a batch once):
// a function that sends a batch's items that many at a time then keeps its key's limit across
// processes. A batch takes up to maxSize events when that fits in the key's free slots, else
// as many events as are free. Open items of a function that no longer batches (its config
// changed) still run: each starts a batch of one.

type Query = Pick<PrismaClient, "$queryRawUnsafe">;

export type NewRun = {
  id: string;
  functionId: string;
  eventId: string;
  event: EngineEventRecord;
  concurrencyKey: string | null;
  /** Functions with batchEvents: the event's batch key (it queues an item of it, not a run), else null. */
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

// The one advisory lock all claims take (726354001) is in engine_claim_runs.
export const interval = (ms: number) => `${Math.max(0, Math.round(ms))} milliseconds`;

// One run per (function, event id), across both tables: a batched function's event is an item
// (its id kept while the run of the batch that took it is kept), any other a run; each insert
// also looks in the other table, for an event id resent after the function's batching changed.
// Items are inserted in the order sent, so that a batch's events keep it (seq breaks ties of
// the millisecond created_at).
const INSERT_EVENTS_AND_RUNS = statement(
  "engine-insert-events-and-runs",
  `WITH ev AS (
       INSERT INTO engine_events (id, name, data, ts, received_at)
       SELECT e.id, e.name, e.data, to_timestamp(e.ts / 1000.0), now()
       FROM jsonb_to_recordset($1::jsonb) AS e(id text, name text, data jsonb, ts double precision)
       ON CONFLICT (id) DO NOTHING),
     x AS (
       SELECT r.* FROM ROWS FROM (jsonb_to_recordset($2::jsonb)
         AS (id text, function_id text, event_id text, event jsonb, concurrency_key text, batch_key text))
         WITH ORDINALITY AS r(id, function_id, event_id, event, concurrency_key, batch_key, ord)
       LIMIT $3),
     runs AS (
       INSERT INTO engine_runs (id, function_id, event_id, event, status, attempt, wake_at, concurrency_key, batch_key, created_at, updated_at)
       SELECT x.id, x.function_id, x.event_id, x.event, 'queued', 0, now(), x.concurrency_key, NULL, clock_timestamp(), now()
       FROM x WHERE x.batch_key IS NULL
         AND NOT EXISTS (SELECT 1 FROM engine_batch_items i WHERE i.function_id = x.function_id AND i.event_id = x.event_id)
       ON CONFLICT (function_id, event_id) DO NOTHING RETURNING 1),
     items AS (
       INSERT INTO engine_batch_items (function_id, event_id, batch_key, event, concurrency_key, created_at)
       SELECT x.function_id, x.event_id, x.batch_key, x.event, x.concurrency_key, clock_timestamp()
       FROM x WHERE x.batch_key IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM engine_runs r WHERE r.function_id = x.function_id AND r.event_id = x.event_id)
       ORDER BY x.ord
       ON CONFLICT (function_id, event_id) DO NOTHING RETURNING 1)
     SELECT ((SELECT count(*) FROM runs) + (SELECT count(*) FROM items))::int AS n`,
);

/**
 * Records the events and queues what they trigger, once per (function, event id): a run, or
 * for a function with batchEvents an item of its batch key. A repeated event id starts nothing
 * for a function that already has its run or item. Returns how many runs and items are new.
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
    runs.length,
  ]);
  return Number(rows[0]?.n ?? 0);
}

// The claim itself is the database function engine_claim_runs (its migration has the statement,
// 20261204200000_engine_claim_function): it takes the claim lock and then claims, in one round trip.
const CLAIM = statement(
  "engine-claim-runs",
  "SELECT engine_claim_runs($1::jsonb, $2::jsonb, $3::int, $4::int, $5::interval, $6::text, $7::text) AS r",
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
 * Claims up to `limit` due runs: queued ones whose wake time has come, running ones whose
 * lease expired (their process died or stalled), never one this process holds (`held`), and
 * new runs of the batches it starts from open items.
 */
export async function claimRuns(
  db: Query,
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
    newOrderedId("run"),
  ];
  const rows = await claimInOneStatement(db, params);
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

// One statement in its own transaction: the function takes the claim lock, claims, and the lock
// is released when the statement commits (see its migration). Prepared on the generic-plan pool
// (prepared-statements.ts); the function plans its claim as a generic one itself. Measured on
// the claim before batch items, 8,000 queued runs in 10 batch keys, planning on every call cost
// 2.5 -> 1.0 ms a claim with nothing to batch, 13.3 -> 11.4 ms starting ten batches (0b5921d).
async function claimInOneStatement(db: Query, params: unknown[]): Promise<Record<string, unknown>[]> {
  const rows = await queryPrepared<{ r: unknown }>(db, CLAIM, params);
  return rows.map((row) => jsonColumn(row.r) as Record<string, unknown>);
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
