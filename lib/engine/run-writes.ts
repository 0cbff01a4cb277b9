import type { PrismaClient } from "../db/index.ts";
import { queryPrepared, statement } from "../db/prepared-statements.ts";
import { createStatementBatcher } from "../db/statement-batcher.ts";
import { interval } from "./claims.ts";
import type { StepMemo } from "./store.ts";

// A driver's writes to its run, fenced by the lease token: a step result saved, the run
// finished, or the run put back in the queue (to sleep, to retry, or at shutdown). Each
// write applies only while the run is still `running` under this token, and says whether it
// did: false means another process holds the run now, so the caller stops and discards what
// it was about to record. Writes of many runs share one statement (group commit).

export type RunEnd =
  | { kind: "finish"; status: "completed" | "failed"; output: unknown; error: string | null }
  | { kind: "release"; wakeAtMs: number | null; attempt: number };

export type RunWrite = { runId: string; token: string; steps: [string, StepMemo][]; end?: RunEnd };

export type RunWriter = (write: RunWrite) => Promise<boolean>;

const WRITE = statement(
  "engine-write-runs",
  `
WITH x AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb)
    AS x(id text, token text, kind text, status text, output jsonb, error text, attempt int, wake double precision)
  LIMIT $4),
fenced AS MATERIALIZED (
  -- Locks the runs in id order, the one order every multi-row writer uses: no deadlock.
  SELECT r.id FROM engine_runs r JOIN x ON x.id = r.id AND r.lease_token = x.token
  WHERE r.status = 'running' ORDER BY r.id FOR NO KEY UPDATE OF r),
saved AS (
  INSERT INTO engine_steps (run_id, hash, data, created_at)
  SELECT st.run_id, st.hash, st.data, clock_timestamp()
  FROM jsonb_to_recordset($2::jsonb) AS st(run_id text, hash text, data jsonb) JOIN fenced f ON f.id = st.run_id
  -- Inngest keeps the first saved result of a step; a second save changes nothing.
  ON CONFLICT (run_id, hash) DO NOTHING),
updated AS (
  UPDATE engine_runs r SET
    status = CASE x.kind WHEN 'finish' THEN x.status WHEN 'release' THEN 'queued' ELSE r.status END,
    output = CASE WHEN x.kind = 'finish' THEN x.output ELSE r.output END,
    error = CASE WHEN x.kind = 'finish' THEN x.error ELSE r.error END,
    attempt = CASE WHEN x.kind = 'release' THEN x.attempt ELSE r.attempt END,
    wake_at = CASE WHEN x.kind = 'release' THEN coalesce(to_timestamp(x.wake / 1000.0), r.wake_at) ELSE r.wake_at END,
    -- A saved step proves the driver is alive: it extends the lease like a heartbeat.
    locked_until = CASE WHEN x.kind = 'save' THEN now() + $3::interval END,
    lease_token = CASE WHEN x.kind = 'save' THEN r.lease_token END,
    updated_at = now()
  FROM x JOIN fenced f ON f.id = x.id WHERE r.id = x.id)
SELECT id FROM fenced`,
);

export function createRunWriter(db: Pick<PrismaClient, "$queryRawUnsafe">, leaseMs: number): RunWriter {
  return createStatementBatcher<RunWrite, boolean>(
    async (writes) => {
      const runs = writes.map((w) => {
        const end = w.end;
        return {
          id: w.runId,
          token: w.token,
          kind: end?.kind ?? "save",
          status: end?.kind === "finish" ? end.status : null,
          output: end?.kind === "finish" ? (end.output ?? null) : null,
          error: end?.kind === "finish" ? end.error : null,
          attempt: end?.kind === "release" ? end.attempt : null,
          wake: end?.kind === "release" ? end.wakeAtMs : null,
        };
      });
      const steps = writes.flatMap((w) => w.steps.map(([hash, data]) => ({ run_id: w.runId, hash, data })));
      const rows = await queryPrepared<{ id: string }>(db, WRITE, [
        JSON.stringify(runs),
        JSON.stringify(steps),
        interval(leaseMs),
        runs.length,
      ]);
      const applied = new Set(rows.map((r) => r.id));
      return writes.map((w) => applied.has(w.runId));
    },
    (w) => w.runId,
  );
}
