import type { PrismaClient } from "../db/index.ts";
import type { StepMemo } from "./store.ts";

// Group commit: the writes that running runs make (step results, finishing, going back to the
// queue) are gathered while the previous write is in flight and sent as one statement. Each
// caller still waits for its own write to commit before its run goes on.

type Finish = { id: string; status: "completed" | "failed"; output: unknown; error: string | null };
type Release = { id: string; attempt: number; wake: number | null };
type Pending = {
  steps: Map<string, { run_id: string; hash: string; data: StepMemo }>;
  finish: Finish[];
  release: Release[];
  waiters: { resolve(): void; reject(e: unknown): void }[];
};

export type WriteBatcher = {
  saveSteps(runId: string, steps: [string, StepMemo][]): Promise<void>;
  finish(
    runId: string,
    status: Finish["status"],
    output: unknown,
    error: string | null,
    steps?: [string, StepMemo][],
  ): Promise<void>;
  release(runId: string, wakeAtMs: number | null, attempt: number, steps?: [string, StepMemo][]): Promise<void>;
};

export function createWriteBatcher(db: Pick<PrismaClient, "$executeRawUnsafe">): WriteBatcher {
  let pending: Pending = empty();
  let flushing = false;

  function empty(): Pending {
    return { steps: new Map(), finish: [], release: [], waiters: [] };
  }

  function enqueue(fill: (p: Pending) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      fill(pending);
      pending.waiters.push({ resolve, reject });
      if (!flushing) void flush();
    });
  }

  async function flush() {
    flushing = true;
    while (pending.waiters.length > 0) {
      // Batches stay small by construction: each running run has at most one write in flight.
      const batch = pending;
      pending = empty();
      try {
        await db.$executeRawUnsafe(
          `WITH s AS (
             INSERT INTO engine_steps (run_id, hash, data, created_at)
             SELECT x.run_id, x.hash, x.data, clock_timestamp() FROM jsonb_to_recordset($1::jsonb) AS x(run_id text, hash text, data jsonb)
             ON CONFLICT (run_id, hash) DO UPDATE SET data = EXCLUDED.data),
           f AS (
             UPDATE engine_runs r SET status = x.status, output = x.output, error = x.error, locked_until = NULL, updated_at = now()
             FROM jsonb_to_recordset($2::jsonb) AS x(id text, status text, output jsonb, error text) WHERE r.id = x.id),
           q AS (
             UPDATE engine_runs r SET status = 'queued', locked_until = NULL, attempt = x.attempt, updated_at = now(),
               wake_at = coalesce(to_timestamp(x.wake / 1000.0), r.wake_at)
             FROM jsonb_to_recordset($3::jsonb) AS x(id text, attempt int, wake double precision) WHERE r.id = x.id)
           SELECT 1`,
          JSON.stringify([...batch.steps.values()]),
          JSON.stringify(batch.finish.map((f) => ({ ...f, output: f.output === undefined ? null : f.output }))),
          JSON.stringify(batch.release),
        );
        for (const w of batch.waiters) w.resolve();
      } catch (err) {
        for (const w of batch.waiters) w.reject(err);
      }
    }
    flushing = false;
  }

  const addSteps = (p: Pending, runId: string, steps: [string, StepMemo][] = []) => {
    for (const [hash, data] of steps) p.steps.set(`${runId}\u0000${hash}`, { run_id: runId, hash, data });
  };

  return {
    saveSteps: (runId, steps) => (steps.length === 0 ? Promise.resolve() : enqueue((p) => addSteps(p, runId, steps))),
    finish: (runId, status, output, error, steps) =>
      enqueue((p) => {
        addSteps(p, runId, steps);
        p.finish.push({ id: runId, status, output, error });
      }),
    release: (runId, wake, attempt, steps) =>
      enqueue((p) => {
        addSteps(p, runId, steps);
        p.release.push({ id: runId, attempt, wake });
      }),
  };
}
