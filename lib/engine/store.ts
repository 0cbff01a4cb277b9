import type { PrismaClient } from "../db/index.ts";
import { jsonColumn } from "../db/json-column.ts";

// All engine state lives in four tables (prisma/schema/engine.prisma). Each function here is
// one SQL statement, so a run costs few round trips: one claim (batched), one write per step,
// one to finish.

export type EngineEventRecord = { id: string; name: string; data: unknown; ts: number; [key: string]: unknown };
export type NewRun = {
  id: string;
  functionId: string;
  eventId: string;
  event: EngineEventRecord;
  concurrencyKey: string | null;
  claimed: boolean;
};
export type StepMemo =
  { type: "data"; data: unknown } | { type: "error"; error: unknown } | { type: "sleep"; until: number };
export type ClaimedRun = {
  id: string;
  functionId: string;
  event: EngineEventRecord;
  attempt: number;
  concurrencyKey: string | null;
  steps: [string, StepMemo][];
};

type Db = Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe">;

const interval = (ms: number) => `${Math.max(0, Math.round(ms))} milliseconds`;

/**
 * Records events (ignoring ids already seen) and creates the runs they trigger, in one
 * statement: a run exists only if its event was new, so a repeated event id starts nothing.
 */
export async function insertEventsAndRuns(
  db: Db,
  events: EngineEventRecord[],
  runs: NewRun[],
  leaseMs: number,
): Promise<{ newEventIds: Set<string> }> {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `WITH ev AS (
       INSERT INTO engine_events (id, name, data, ts, received_at)
       SELECT e.id, e.name, e.data, to_timestamp(e.ts / 1000.0), now()
       FROM jsonb_to_recordset($1::jsonb) AS e(id text, name text, data jsonb, ts double precision)
       ON CONFLICT (id) DO NOTHING RETURNING id),
     runs AS (
       INSERT INTO engine_runs (id, function_id, event, status, attempt, wake_at, locked_until, concurrency_key, created_at, updated_at)
       SELECT r.id, r.function_id, r.event, CASE WHEN r.claimed THEN 'running' ELSE 'queued' END, 0, now(),
              CASE WHEN r.claimed THEN now() + $3::interval END, r.concurrency_key, now(), now()
       FROM jsonb_to_recordset($2::jsonb) AS r(id text, function_id text, event jsonb, concurrency_key text, event_id text, claimed boolean)
       WHERE r.event_id IN (SELECT id FROM ev) RETURNING id)
     SELECT id FROM ev`,
    JSON.stringify(events.map((e) => ({ id: e.id, name: e.name, data: e.data ?? {}, ts: e.ts }))),
    JSON.stringify(
      runs.map((r) => ({
        id: r.id,
        function_id: r.functionId,
        event: r.event,
        concurrency_key: r.concurrencyKey,
        event_id: r.eventId,
        claimed: r.claimed,
      })),
    ),
    interval(leaseMs),
  );
  return { newEventIds: new Set(rows.map((r) => r.id)) };
}

/** How much room this process has: per concurrency key in use, and per function. */
export type ClaimRoom = {
  /** Free slots of each key that has runs here (0 = saturated); keys not listed have their function's full limit. */
  byKey: Record<string, number>;
  /** Per function: its per-key limit (absent = no key limit) and its free slots overall. */
  byFunction: Record<string, { keyLimit: number | null; free: number }>;
};

/**
 * Claims due runs for this process: queued ones whose wake time has come, and running ones
 * whose lease expired (their process died). Only runs that fit are claimed: at most the free
 * slots of each concurrency key and of each function, counted in the statement. Taking more
 * and handing the surplus back cost an extra write per surplus run, and the next claim took
 * the same runs again (measured: 549 give-backs for 600 runs with 5 endpoints).
 */
export async function claimRuns(db: Db, limit: number, leaseMs: number, room: ClaimRoom): Promise<ClaimedRun[]> {
  const saturated = Object.entries(room.byKey).flatMap(([key, free]) => (free <= 0 ? [key] : []));
  const claimable = Object.entries(room.byFunction).flatMap(([fnId, f]) => (f.free > 0 ? [fnId] : []));
  if (claimable.length === 0) return [];
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `WITH picked AS (
       SELECT id, function_id, concurrency_key, wake_at FROM engine_runs
       WHERE ((status = 'queued' AND wake_at <= now()) OR (status = 'running' AND locked_until < now()))
         AND (concurrency_key IS NULL OR NOT (concurrency_key IN (SELECT jsonb_array_elements_text($3::jsonb))))
         AND function_id IN (SELECT jsonb_array_elements_text($4::jsonb))
       ORDER BY wake_at
       LIMIT $1
       FOR UPDATE SKIP LOCKED),
     -- Locked rows that do not fit are left untouched and unlocked when the statement ends.
     ranked AS (
       SELECT id, function_id, concurrency_key,
              row_number() OVER (PARTITION BY concurrency_key ORDER BY wake_at, id) AS nth_of_key,
              row_number() OVER (PARTITION BY function_id ORDER BY wake_at, id) AS nth_of_fn
       FROM picked),
     fits AS (
       SELECT k.id FROM ranked k
       WHERE k.nth_of_fn <= ($5::jsonb -> k.function_id ->> 'free')::int
         AND (k.concurrency_key IS NULL OR ($5::jsonb -> k.function_id ->> 'keyLimit') IS NULL
              OR k.nth_of_key <= coalesce(($6::jsonb ->> k.concurrency_key)::int, ($5::jsonb -> k.function_id ->> 'keyLimit')::int)))
     UPDATE engine_runs r SET status = 'running', locked_until = now() + $2::interval, updated_at = now()
     FROM fits WHERE r.id = fits.id
     RETURNING r.id, r.function_id, r.event, r.attempt, r.concurrency_key,
       (SELECT coalesce(json_agg(json_build_array(s.hash, s.data) ORDER BY s.created_at), '[]'::json)
        FROM engine_steps s WHERE s.run_id = r.id) AS steps`,
    limit,
    interval(leaseMs),
    JSON.stringify(saturated),
    JSON.stringify(claimable),
    JSON.stringify(room.byFunction),
    JSON.stringify(room.byKey),
  );
  return rows.map((r) => ({
    id: String(r.id),
    functionId: String(r.function_id),
    event: jsonColumn(r.event) as EngineEventRecord,
    attempt: Number(r.attempt),
    concurrencyKey: (r.concurrency_key as string | null) ?? null,
    steps: jsonColumn(r.steps) as [string, StepMemo][],
  }));
}

/** Gives runs back without touching them otherwise (overflow of a concurrency key, shutdown). */
export async function unclaimRuns(db: Db, runIds: string[]): Promise<void> {
  if (runIds.length === 0) return;
  await db.$executeRawUnsafe(
    `UPDATE engine_runs SET status = 'queued', locked_until = NULL, updated_at = now()
     WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND status = 'running'`,
    JSON.stringify(runIds),
  );
}

export async function extendLeases(db: Db, runIds: string[], leaseMs: number): Promise<void> {
  if (runIds.length === 0) return;
  await db.$executeRawUnsafe(
    `UPDATE engine_runs SET locked_until = now() + $2::interval
     WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND status = 'running'`,
    JSON.stringify(runIds),
    interval(leaseMs),
  );
}

/** Earliest wake-up among queued runs, so the scheduler can sleep until then. */
export async function nextWakeAt(db: Db): Promise<number | null> {
  const rows = await db.$queryRawUnsafe<{ at: Date | null }[]>(
    `SELECT min(wake_at) AS at FROM engine_runs WHERE status = 'queued'`,
  );
  const at = rows[0]?.at;
  return at ? new Date(at).getTime() : null;
}

/** Registers a cron schedule; an existing later time is pulled in if the schedule got earlier. */
export async function ensureCron(db: Db, functionId: string, nextAtMs: number): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ next_at: Date }[]>(
    `INSERT INTO engine_crons (function_id, next_at) VALUES ($1, to_timestamp($2::double precision / 1000.0))
     ON CONFLICT (function_id) DO UPDATE SET next_at = LEAST(engine_crons.next_at, EXCLUDED.next_at)
     RETURNING next_at`,
    functionId,
    nextAtMs,
  );
  return new Date(rows[0].next_at).getTime();
}

/** Moves a due cron to its next time; returns the time that was due, or null if not due (or taken). */
export async function advanceCron(db: Db, functionId: string, nextAtMs: number): Promise<number | null> {
  const rows = await db.$queryRawUnsafe<{ due: Date }[]>(
    `WITH due AS (SELECT function_id, next_at FROM engine_crons WHERE function_id = $1 AND next_at <= now() FOR UPDATE SKIP LOCKED)
     UPDATE engine_crons c SET next_at = to_timestamp($2::double precision / 1000.0)
     FROM due WHERE c.function_id = due.function_id RETURNING due.next_at AS due`,
    functionId,
    nextAtMs,
  );
  return rows[0] ? new Date(rows[0].due).getTime() : null;
}

export async function dueCrons(db: Db): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ function_id: string }[]>(
    `SELECT function_id FROM engine_crons WHERE next_at <= now()`,
  );
  return rows.map((r) => r.function_id);
}

/** Drops finished runs and the event-id dedupe records after their retention. */
export async function pruneFinished(db: Db, runRetentionMs: number, eventRetentionMs: number): Promise<void> {
  await db.$executeRawUnsafe(
    `DELETE FROM engine_runs WHERE status IN ('completed', 'failed', 'cancelled') AND updated_at < now() - $1::interval`,
    interval(runRetentionMs),
  );
  await db.$executeRawUnsafe(
    `DELETE FROM engine_events WHERE received_at < now() - $1::interval`,
    interval(eventRetentionMs),
  );
}
