import { randomUUID } from "node:crypto";
import type { EngineFunction } from "./function-config.ts";
import { sleepUntil } from "./durations.ts";
import { buildRequest, opErrorText, readResponse, type CallResult, type Op, type ServeHandler } from "./protocol.ts";
import type { ClaimedRun, StepMemo } from "./store.ts";
import type { WriteBatcher } from "./write-batcher.ts";

export type DriverContext = {
  writes: WriteBatcher;
  handler: ServeHandler;
  signingKey: string;
  backoff(attempt: number): number;
  isStopping(): boolean;
  wakeAt(ms: number): void;
  onRunFailed(fn: EngineFunction, run: ClaimedRun, error: string): Promise<void>;
  log(level: "warn" | "error", message: string): void;
  /** Runs being driven here that accept checkpoints; absent = checkpointing off. */
  checkpoints?: Map<string, CheckpointTarget>;
};

/** Where `/v1/checkpoint/:runId/async` lands: the driver of that run, for this dispatch only. */
export type CheckpointTarget = { queueItemId: string; apply(ops: Op[]): Promise<void> };

// After this many calls in a row a run goes back to the queue so others get a turn.
const MAX_CALLS_PER_CLAIM = 200;
const IGNORED_OPS = new Set(["DeferAdd", "DeferAbort", "DiscoveryRequest"]);

type Step = "continue" | "done";

/**
 * Drives one claimed run through the protocol until it finishes, sleeps, or waits for a
 * retry. Every step result is written before the next call, so a crash repeats at most the
 * step that was running (at-least-once), never one that completed.
 */
export async function driveRun(ctx: DriverContext, fn: EngineFunction, run: ClaimedRun): Promise<void> {
  const steps = new Map<string, StepMemo>(run.steps);
  const stack = run.steps.map(([hash]) => hash);
  const remember = (hash: string, memo: StepMemo, memos: [string, StepMemo][]) => {
    if (!steps.has(hash)) stack.push(hash);
    steps.set(hash, memo);
    memos.push([hash, memo]);
  };
  let attempt = run.attempt;
  // A fresh queue item id per claim: a checkpoint from an earlier dispatch of this run is stale.
  const checkpoint = ctx.checkpoints ? { fnId: fn.id, queueItemId: `${run.id}:${randomUUID()}` } : undefined;
  if (checkpoint) {
    ctx.checkpoints?.set(run.id, {
      queueItemId: checkpoint.queueItemId,
      // Each checkpointed step is committed before the SDK goes on to the next one, exactly
      // as a 206 StepRun would be: a crash repeats at most the step that was running.
      apply: async (ops) => {
        const memos: [string, StepMemo][] = [];
        for (const op of ops) {
          if (op.op === "StepRun") remember(op.id, { type: "data", data: op.data ?? null }, memos);
          else if (op.op === "StepFailed")
            remember(op.id, { type: "error", error: op.error ?? op.data ?? null }, memos);
        }
        attempt = 0;
        await ctx.writes.saveSteps(run.id, memos);
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

    const fail = async (error: string) => {
      await ctx.writes.finish(run.id, "failed", null, error);
      await ctx.onRunFailed(fn, run, error);
    };

    const retryLater = async (
      error: string,
      retryAfter: number | undefined,
      memos: [string, StepMemo][] = [],
    ): Promise<Step> => {
      if (attempt + 1 >= fn.maxAttempts) {
        await ctx.writes.saveSteps(run.id, memos);
        await fail(error);
        return "done";
      }
      attempt += 1;
      const wake = Date.now() + (retryAfter ?? ctx.backoff(attempt));
      await ctx.writes.release(run.id, wake, attempt, memos);
      ctx.wakeAt(wake);
      return "done";
    };

    const handleOps = async (ops: Op[], retryAfter: number | undefined): Promise<Step> => {
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
      const memos: [string, StepMemo][] = [];
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
            const known = steps.get(op.id);
            if (!known) remember(op.id, { type: "sleep", until: sleepUntil(op.name ?? "", nowMs) }, memos);
            else if (known.type === "sleep" && known.until <= nowMs) progressed = true;
            break;
          }
          case "RunComplete":
            await ctx.writes.finish(run.id, "completed", op.data ?? null, null, memos);
            return "done";
          default:
            if (IGNORED_OPS.has(op.op)) break;
            await ctx.writes.saveSteps(run.id, memos);
            await fail(`The embedded engine does not support ${op.op} (step "${op.displayName ?? op.id}")`);
            return "done";
        }
      }
      if (retry) return retryLater(retry.error, retry.after, memos);
      if (progressed) {
        attempt = 0;
        await ctx.writes.saveSteps(run.id, memos);
        return "continue";
      }
      const pending = [...steps.values()].flatMap((m) => (m.type === "sleep" && m.until > nowMs ? [m.until] : []));
      if (pending.length === 0) {
        return retryLater("The function returned no step to run", undefined, memos);
      }
      const wake = Math.min(...pending);
      await ctx.writes.release(run.id, wake, 0, memos);
      ctx.wakeAt(wake);
      return "done";
    };

    for (let calls = 0; ; calls++) {
      if (ctx.isStopping() || calls >= MAX_CALLS_PER_CLAIM) {
        await ctx.writes.release(run.id, null, attempt);
        return;
      }
      const res = await call();
      if (res.kind === "completed") {
        await ctx.writes.finish(run.id, "completed", res.data, null);
        return;
      }
      if (res.kind === "error") {
        if (!res.retriable) {
          await fail(res.error);
          return;
        }
        await retryLater(res.error, res.retryAfterMs);
        return;
      }
      if ((await handleOps(res.ops, res.retryAfterMs)) === "done") return;
    }
  }
}
