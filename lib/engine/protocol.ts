import type { EngineEventRecord, StepMemo } from "./store.ts";
import { parseRetryAfter } from "../durations.ts";
import { canonicalJson, signRequestBody } from "./signing.ts";

// One exchange of the Inngest SDK's HTTP execution protocol: the engine POSTs the run's
// event and memoized step state to the function's step URL and reads back what happened.

export type ServeHandler = (req: Request) => Promise<Response>;

export type Op = {
  op: string;
  id: string;
  name?: string;
  data?: unknown;
  error?: unknown;
  displayName?: string;
};

export type CallResult =
  | { kind: "completed"; data: unknown }
  | { kind: "ops"; ops: Op[]; retryAfterMs?: number }
  | { kind: "error"; retriable: boolean; error: string; retryAfterMs?: number };

export type CallInput = {
  url: string;
  runId: string;
  event: EngineEventRecord;
  /** The run's batch (batchEvents), first = `event`; just `event` for other runs. */
  events: EngineEventRecord[];
  steps: Map<string, StepMemo>;
  stack: string[];
  attempt: number;
  maxAttempts: number;
  /** The hashed id of one planned step to run (parallel steps), or undefined for the next. */
  stepId?: string;
  nowMs: number;
  /**
   * Set to let the SDK checkpoint: it then runs step after step in one call and reports each
   * finished step to `/v1/checkpoint/:runId/async` with this queue item id, instead of
   * returning after every step (one protocol call per run instead of one per step).
   */
  checkpoint?: { fnId: string; queueItemId: string };
};

/** The memoized state as the SDK reads it: due sleeps count as done, pending ones are left out. */
export function stepsPayload(steps: Map<string, StepMemo>, nowMs: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [hash, memo] of steps) {
    if (memo.type === "sleep") {
      if (memo.until <= nowMs) out[hash] = { type: "data", data: null };
    } else out[hash] = memo;
  }
  return out;
}

/**
 * The call's Request, signed with `signingKey` over the body's canonical JSON (the SDK checks the
 * signature over the canonical form of what it parsed); a handler that checks no signature (the
 * in-process one: signingKey null) gets the same JSON unsigned and uncanonicalized, which it
 * parses to the same values: canonicalizing (sorting every object's keys, the events' and step
 * results' included) was 1.5 % of the engine process's CPU and 5 % of what it allocated.
 */
export function buildRequest(input: CallInput, signingKey: string | null): Request {
  const steps = stepsPayload(input.steps, input.nowMs);
  const stack = input.stack.filter((h) => h in steps);
  const payload = {
    event: input.event,
    events: input.events,
    steps,
    ctx: {
      run_id: input.runId,
      attempt: input.attempt,
      max_attempts: input.maxAttempts,
      disable_immediate_execution: false,
      use_api: false,
      stack: { stack, current: stack.length },
      ...(input.checkpoint ? { fn_id: input.checkpoint.fnId, qi_id: input.checkpoint.queueItemId } : {}),
    },
    // -1 = "the SDK decides", which is its preferred version (2, the one whose op codes we read).
    // An explicit 2 gives the same execution, but the SDK validates it with a zod union that
    // throws and catches three errors per check, twice per request (~4 % of a delivery's CPU).
    version: -1,
  };
  const body = signingKey === null ? JSON.stringify(payload) : canonicalJson(payload);
  const url = new URL(input.url);
  if (input.stepId) url.searchParams.set("stepId", input.stepId);
  return new Request(url, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      ...(signingKey === null ? {} : { "x-inngest-signature": signRequestBody(body, signingKey, input.nowMs) }),
      "x-inngest-req-version": "-1",
      "x-inngest-server-kind": "cloud",
      "x-run-id": input.runId,
      "x-request-id": `${input.runId}:${input.attempt}`,
    },
  });
}

function errorText(value: unknown): string {
  if (value && typeof value === "object") {
    const v = value as { name?: unknown; message?: unknown; error?: unknown };
    if (typeof v.message === "string") return v.name ? `${String(v.name)}: ${v.message}` : v.message;
    if (typeof v.error === "string") return v.error;
  }
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** 200 = finished; 206 = ops; other codes = the function errored (`x-inngest-no-retry`, `retry-after`). */
export async function readResponse(res: Response, nowMs: number): Promise<CallResult> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === "" ? null : JSON.parse(text);
  } catch {
    // Not JSON (e.g. a proxy's error page): keep the text for the error message.
  }
  const retryAfter = parseRetryAfter(res.headers.get("retry-after"), nowMs) ?? undefined;
  if (res.status === 200) return { kind: "completed", data: body };
  if (res.status === 206 && Array.isArray(body)) return { kind: "ops", ops: body as Op[], retryAfterMs: retryAfter };
  const noRetry = res.headers.get("x-inngest-no-retry") === "true";
  return {
    kind: "error",
    retriable: !noRetry,
    error: `HTTP ${res.status}: ${errorText(body)}`,
    retryAfterMs: retryAfter,
  };
}

export function opErrorText(op: Op): string {
  return errorText(op.error ?? op.data ?? "step failed");
}
