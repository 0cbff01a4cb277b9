// Function retries as Inngest's executor does them (inngest/inngest pkg/backoff TableBackoff,
// pkg/consts): 4 retries unless the function says otherwise (at most 20), and before retry
// n+1 the n-th entry of a fixed table plus 0–30 s of random jitter.

export const DEFAULT_RETRIES = 4;
export const MAX_RETRIES = 20;
/** A Retry-After further out than this is brought in to it (Inngest's MaxRetryDuration). */
export const MAX_RETRY_DELAY_MS = 24 * 3_600_000;

const TABLE_MS = [15, 30, 60, 120, 300, 600, 1200, 2400, 3600, 7200].map((s) => s * 1000);
const JITTER_MS = 30_000;

/** Wait before the next try, after the try numbered `failedAttempt` (0-based) failed. */
export function inngestBackoff(failedAttempt: number, random: () => number = Math.random): number {
  const base = TABLE_MS[Math.min(Math.max(0, failedAttempt), TABLE_MS.length - 1)];
  return base + Math.floor(random() * JITTER_MS);
}

/** ctx.max_attempts for a function's `retries` setting (undefined = Inngest's default). */
export function maxAttemptsFor(retries: number | undefined): number {
  const n = retries === undefined ? DEFAULT_RETRIES : Math.min(Math.max(0, Math.floor(retries)), MAX_RETRIES);
  return n + 1;
}
