import type { PrismaClient } from "../db/index.ts";

// All engine state lives in five tables (prisma/schema/engine.prisma). Claims, heartbeats and
// a run's writes are in claims.ts and run-writes.ts; here are the scheduler's statements
// (crons, wake-ups, retention), each one SQL statement.

export type EngineEventRecord = { id: string; name: string; data: unknown; ts: number; [key: string]: unknown };
export type StepMemo =
  { type: "data"; data: unknown } | { type: "error"; error: unknown } | { type: "sleep"; until: number };

type Db = Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe">;

const interval = (ms: number) => `${Math.max(0, Math.round(ms))} milliseconds`;

/**
 * Earliest wake-up among queued runs, so the scheduler can sleep until then. Open batch items
 * are due at once: whoever inserts one kicks its claimer, and a key's next batch is claimed
 * when a run ends (the ending process kicks; others poll).
 */
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

/**
 * Functions the app no longer serves: their crons are dropped and their queued runs
 * cancelled, as Inngest cancels the runs of a function removed by a sync. Their open batch
 * items become cancelled runs (one each): the event ids keep their dedupe for the retention.
 */
export async function pruneUnserved(db: Db, served: string[]): Promise<{ cancelled: number }> {
  const list = JSON.stringify(served);
  await db.$executeRawUnsafe(
    `DELETE FROM engine_crons WHERE function_id NOT IN (SELECT jsonb_array_elements_text($1::jsonb))`,
    list,
  );
  const cancelled = await db.$executeRawUnsafe(
    `UPDATE engine_runs SET status = 'cancelled', error = 'The function is no longer served by this app',
       locked_until = NULL, lease_token = NULL, updated_at = now()
     WHERE function_id NOT IN (SELECT jsonb_array_elements_text($1::jsonb))
       AND (status = 'queued' OR (status = 'running' AND locked_until < now()))`,
    list,
  );
  const items = await db.$executeRawUnsafe(
    `WITH gone AS (
       DELETE FROM engine_batch_items
        WHERE batch_run_id IS NULL AND function_id NOT IN (SELECT jsonb_array_elements_text($1::jsonb))
       RETURNING function_id, event_id, event, batch_key, concurrency_key, created_at)
     INSERT INTO engine_runs (id, function_id, event_id, event, status, error, concurrency_key, created_at, updated_at)
     SELECT 'run_' || replace(gen_random_uuid()::text, '-', ''), function_id, event_id, event, 'cancelled',
            'The function is no longer served by this app', concurrency_key, created_at, now()
     FROM gone
     ON CONFLICT (function_id, event_id) DO NOTHING`,
    list,
  );
  return { cancelled: cancelled + items };
}

/** Drops finished runs and the event-id dedupe records after their retention. */
export async function pruneFinished(db: Db, runRetentionMs: number, eventRetentionMs: number): Promise<void> {
  // An event taken into a batch keeps its id's dedupe (its item) while the batch's run is kept:
  // the items go with the run, found by the ids of its events through the primary key.
  await db.$executeRawUnsafe(
    `WITH gone AS (
       DELETE FROM engine_runs r WHERE r.updated_at < now() - $1::interval
          AND r.status IN ('completed', 'failed', 'cancelled')
       RETURNING r.function_id, r.events)
     DELETE FROM engine_batch_items i
      USING gone g CROSS JOIN LATERAL jsonb_array_elements(g.events) e
      WHERE g.events IS NOT NULL AND i.function_id = g.function_id AND i.event_id = e->>'id'`,
    interval(runRetentionMs),
  );
  await db.$executeRawUnsafe(
    `DELETE FROM engine_events WHERE received_at < now() - $1::interval`,
    interval(eventRetentionMs),
  );
}
