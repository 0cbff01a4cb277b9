import { randomUUID } from "node:crypto";
import type { ClaimedRun } from "./claims.ts";
import type { EngineFunction } from "./function-config.ts";
import { sleepUntil } from "./durations.ts";
import type { Lease } from "./leases.ts";
import { jsonBytes, LIMITS, stateLimitExceeded, STEP_OUTPUT_TOO_LARGE, stepLimitExceeded } from "./limits.ts";
import { buildRequest, opErrorText, readResponse, type CallResult, type Op, type ServeHandler } from "./protocol.ts";
import { MAX_RETRY_DELAY_MS } from "./retry-backoff.ts";
import type { RunEnd, RunWriter } from "./run-writes.ts";
import type { StepMemo } from "./store.ts";

export type DriverContext = {
  write: RunWriter;
  handler: ServeHandler;
  /** Signs each call; null for a handler that checks no signature (in-process, see buildRequest). */
  signingKey: string | null;
  /** Wait before the next try after try `failedAttempt` (0-based) failed. */
  backoff(failedAttempt: number): number;
  isStopping(): boolean;
  wakeAt(ms: number): void;
  onRunFailed(fn: EngineFunction, run: ClaimedRun, error: string): Promise<void>;
  log(level: "warn" | "error", message: string): void;
  /** Runs being driven here that accept checkpoints; absent = checkpointing off. */
  checkpoints?: Map<string, CheckpointTarget>;
};

/** Where `/v1/checkpoint/:runId/async` lands: the driver of that run, for this dispatch only. */
export type CheckpointTarget = { queueItemId: string; apply(ops: Op[]): Promise<"saved" | "stale" | "too_large"> };

// After this many calls in a row a run goes back to the queue so others get a turn.
const MAX_CALLS_PER_CLAIM = 200;
const IGNORED_OPS = new Set(["DeferAdd", "DeferAbort", "DiscoveryRequest"]);

type Next = "continue" | "done";
type Memos = [string, StepMemo][];

/**
 * Drives one claimed run through the protocol until it finishes, sleeps, or waits for a
 * retry. Every step result is written (fenced by the run's lease token) before the next call,
 * so a crash repeats at most the step that was running, never one that completed. When a
 * write finds the lease gone, the driver stops and discards what it was about to record: the
 * process that holds the run now decides its fate.
 */
export async function driveRun(ctx: DriverContext, fn: EngineFunction, run: ClaimedRun, lease: Lease): Promise<void> {
  const steps = new Map<string, StepMemo>(run.steps);
  const stack = run.steps.map(([hash]) => hash);
  let stateBytes = run.steps.reduce((sum, [, memo]) => sum + jsonBytes(memo), 0);
  let attempt = run.attempt;

  const remember = (hash: string, memo: StepMemo, memos: Memos) => {
    if (steps.has(hash)) return; // the first result of a step stands
    stack.push(hash);
    steps.set(hash, memo);
    stateBytes += jsonBytes(memo);
    memos.push([hash, memo]);
  };

  const write = async (memos: Memos, end?: RunEnd): Promise<boolean> => {
    if (lease.lost) return false;
    if ((await ctx.write({ runId: run.id, token: lease.token, steps: memos, end })) === true) return true;
    lease.lost = true;
    ctx.log("warn", `run ${run.id}: its lease was taken over; the result of this call is discarded`);
    return false;
  };

  /** The memos a list of ops would add, or the limit they break. */
  const resultsOf = (ops: Op[]): { memos: StepResult[]; tooLarge: boolean; overState: boolean } => {
    const memos: StepResult[] = [];
    let added = 0;
    for (const op of ops) {
      if (op.op !== "StepRun" && op.op !== "StepFailed") continue;
      const memo: StepMemo =
        op.op === "StepRun"
          ? { type: "data", data: op.data ?? null }
          : { type: "error", error: op.error ?? op.data ?? null };
      const size = jsonBytes(memo);
      if (op.op === "StepRun" && size > LIMITS.stepOutputBytes) return { memos, tooLarge: true, overState: false };
      added += size;
      memos.push({ hash: op.id, memo });
    }
    return { memos, tooLarge: false, overState: stateBytes + added > LIMITS.runStateBytes };
  };

  // A run records at most 1,000 steps; the one after fails it (InngestErrFunctionOverflowed).
  const overStepLimit = (adding: number) => adding > 0 && stack.length + adding > LIMITS.stepsPerRun;

  const checkpoint = ctx.checkpoints ? { fnId: fn.id, queueItemId: `${run.id}:${randomUUID()}` } : undefined;
  if (checkpoint) {
    ctx.checkpoints?.set(run.id, {
      queueItemId: checkpoint.queueItemId,
      // Each checkpointed step is committed before the SDK goes on to the next one, exactly
      // as a 206 StepRun would be. Over a limit, Inngest answers 413 and the SDK falls back
      // to returning the steps, which the driver then judges as usual.
      apply: async (ops) => {
        const { memos, tooLarge, overState } = resultsOf(ops);
        // Refused like a too-large step: the SDK then returns the steps and the driver fails the run.
        if (tooLarge || overState || overStepLimit(memos.length)) return "too_large";
        const batch: Memos = [];
        for (const m of memos) remember(m.hash, m.memo, batch);
        attempt = 0;
        return (await write(batch)) ? "saved" : "stale";
      },
    });
  }
  try {
    await drive();
  } finally {
    if (ctx.checkpoints?.get(run.id)?.queueItemId === checkpoint?.queueItemId) ctx.checkpoints?.delete(run.id);
  }

  async function drive() {
    const call = async (stepId?: string): Promise<CallResult> => {
      const nowMs = Date.now();
      // Parallel steps (stepId set) run one per request, without checkpointing, as Inngest does.
      const req = buildRequest(
        {
          url: fn.url,
          runId: run.id,
          event: run.event,
          events: run.events,
          steps,
          stack,
          attempt,
          maxAttempts: fn.maxAttempts,
          stepId,
          nowMs,
          checkpoint: stepId ? undefined : checkpoint,
        },
        ctx.signingKey,
      );
      try {
        return await readResponse(await ctx.handler(req), nowMs);
      } catch (err) {
        return { kind: "error", retriable: true, error: `The function's handler threw: ${(err as Error).message}` };
      }
    };

    const fail = async (error: string, memos: Memos = []): Promise<Next> => {
      // Only the holder of the lease records a failure and announces it.
      if (await write(memos, { kind: "finish", status: "failed", output: null, error }))
        await ctx.onRunFailed(fn, run, error);
      return "done";
    };

    const failEarly = (overflow: { name: string; message: string }) => fail(`${overflow.name}: ${overflow.message}`);

    const retryLater = async (error: string, retryAfter: number | undefined, memos: Memos = []): Promise<Next> => {
      if (attempt + 1 >= fn.maxAttempts) return fail(error, memos);
      const wake = Date.now() + Math.min(retryAfter ?? ctx.backoff(attempt), MAX_RETRY_DELAY_MS);
      attempt += 1;
      if (await write(memos, { kind: "release", wakeAtMs: wake, attempt })) ctx.wakeAt(wake);
      return "done";
    };

    const handleOps = async (ops: Op[], retryAfter: number | undefined): Promise<Next> => {
      if (ops.length > LIMITS.stepsPerRun) return failEarly(stepLimitExceeded);
      const planned = ops.filter((o) => o.op === "StepPlanned" && !steps.has(o.id));
      const results: { op: Op; retryAfter?: number }[] = ops
        .filter((o) => o.op !== "StepPlanned")
        .map((op) => ({ op, retryAfter }));
      // Parallel steps come back planned; each is run by its own request, as Inngest does.
      for (const res of await Promise.all(planned.map((p) => call(p.id)))) {
        if (res.kind === "ops") results.push(...res.ops.map((op) => ({ op, retryAfter: res.retryAfterMs })));
        else if (res.kind === "error")
          results.push({ op: { op: "StepError", id: "", error: res.error }, retryAfter: res.retryAfterMs });
      }
      if (lease.lost) return "done";
      const judged = resultsOf(results.map((r) => r.op));
      if (overStepLimit(judged.memos.length)) return failEarly(stepLimitExceeded);
      if (judged.tooLarge) return retryLater(STEP_OUTPUT_TOO_LARGE, undefined);
      if (judged.overState) return failEarly(stateLimitExceeded);
      const memos: Memos = [];
      let progressed = false;
      let retry: { error: string; after?: number } | undefined;
      const nowMs = Date.now();
      for (const { op, retryAfter: after } of results) {
        switch (op.op) {
          case "StepRun":
            remember(op.id, { type: "data", data: op.data ?? null }, memos);
            progressed = true;
            break;
          case "StepFailed":
            remember(op.id, { type: "error", error: op.error ?? op.data ?? null }, memos);
            progressed = true;
            break;
          case "StepError":
            retry ??= { error: opErrorText(op), after };
            break;
          case "Sleep": {
            if (!steps.has(op.id)) remember(op.id, { type: "sleep", until: sleepUntil(op.name ?? "", nowMs) }, memos);
            const known = steps.get(op.id);
            // A sleep that is already over (`step.sleep(id, 0)` sends "") goes on at once.
            if (known?.type === "sleep" && known.until <= nowMs) progressed = true;
            break;
          }
          case "RunComplete":
            await write(memos, { kind: "finish", status: "completed", output: op.data ?? null, error: null });
            return "done";
          default:
            if (IGNORED_OPS.has(op.op)) break;
            return fail(`The embedded engine does not support ${op.op} (step "${op.displayName ?? op.id}")`, memos);
        }
      }
      if (retry) return retryLater(retry.error, retry.after, memos);
      if (progressed) {
        attempt = 0;
        return (await write(memos)) ? "continue" : "done";
      }
      const pending = [...steps.values()].flatMap((m) => (m.type === "sleep" && m.until > nowMs ? [m.until] : []));
      if (pending.length === 0) return retryLater("The function returned no step to run", undefined, memos);
      const wake = Math.min(...pending);
      if (await write(memos, { kind: "release", wakeAtMs: wake, attempt: 0 })) ctx.wakeAt(wake);
      return "done";
    };

    for (let calls = 0; ; calls++) {
      if (lease.lost) return;
      if (ctx.isStopping() || calls >= MAX_CALLS_PER_CLAIM) {
        await write([], { kind: "release", wakeAtMs: null, attempt });
        return;
      }
      const res = await call();
      // A driver whose lease was taken over while the call ran discards its outcome.
      if (lease.lost) return;
      if (res.kind === "completed") {
        await write([], { kind: "finish", status: "completed", output: res.data, error: null });
        return;
      }
      if (res.kind === "error") {
        if (!res.retriable) await fail(res.error);
        else await retryLater(res.error, res.retryAfterMs);
        return;
      }
      if ((await handleOps(res.ops, res.retryAfterMs)) === "done") return;
    }
  }
}

type StepResult = { hash: string; memo: StepMemo };
