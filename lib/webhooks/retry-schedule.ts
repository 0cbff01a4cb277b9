import { config } from "@/lib/config/index.ts";
import { parseRetryAfter } from "@/lib/durations.ts";

export type RetryPolicy = {
  /** Waits before retry 1, 2, …; attempts = schedule.length + 1. */
  schedule: number[];
  /** ±fraction applied to each wait (0.2 = ±20 %), so retries of many deliveries spread out. */
  jitter: number;
  /** Upper bound on how far a Retry-After header may push a wait. */
  maxRetryAfterMs: number;
};

export const DEFAULT_MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

export function retryPolicyFromConfig(): RetryPolicy {
  const c = config();
  return { schedule: c.retrySchedule, jitter: c.retryJitter, maxRetryAfterMs: DEFAULT_MAX_RETRY_AFTER_MS };
}

export function maxAttempts(policy: RetryPolicy): number {
  return policy.schedule.length + 1;
}

export function jitteredDelay(baseMs: number, jitter: number, random: () => number = Math.random): number {
  return Math.max(0, Math.round(baseMs * (1 + jitter * (2 * random() - 1))));
}

export const GONE_REASON = "Disabled automatically: the endpoint answered 410 Gone, so it no longer accepts webhooks";

export type AttemptOutcome = { ok: boolean; statusCode: number | null; retryAfter?: string | null };

export type RetryDecision =
  | { action: "done" }
  | { action: "retry"; delayMs: number }
  | { action: "give_up" }
  | { action: "disable_endpoint"; reason: string };

/**
 * What follows automatic attempt `autoAttempt` (1-based). A Retry-After on 429/503 can
 * lengthen the scheduled wait, up to maxRetryAfterMs, but never shorten it: a receiver
 * asking for "0" must not turn the backoff into a tight loop.
 */
export function decideNextStep(input: {
  autoAttempt: number;
  outcome: AttemptOutcome;
  policy: RetryPolicy;
  random?: () => number;
  now?: number;
}): RetryDecision {
  const { outcome, policy } = input;
  if (outcome.ok) return { action: "done" };
  // 410 means the receiver is gone for good: disable, do not retry.
  if (outcome.statusCode === 410) return { action: "disable_endpoint", reason: GONE_REASON };
  const base = policy.schedule[input.autoAttempt - 1];
  if (base === undefined) return { action: "give_up" };
  let delayMs = jitteredDelay(base, policy.jitter, input.random);
  if (outcome.statusCode === 429 || outcome.statusCode === 503) {
    const asked = parseRetryAfter(outcome.retryAfter, input.now);
    if (asked !== null) delayMs = Math.max(delayMs, Math.min(asked, policy.maxRetryAfterMs));
  }
  return { action: "retry", delayMs };
}

/** After an admin's manual retry nothing is scheduled; only 410 still pauses the endpoint. */
export function decideAfterManualAttempt(outcome: AttemptOutcome): RetryDecision {
  if (outcome.ok) return { action: "done" };
  if (outcome.statusCode === 410) return { action: "disable_endpoint", reason: GONE_REASON };
  return { action: "give_up" };
}
