import ms from "ms";

// The one duration parser of the codebase (`ms`, the library the Inngest SDK itself uses)
// and the one Retry-After reader: configuration, the retry policy and the embedded engine
// all read time through these.

/** "500ms", "5s", "30m", "2h", "5d" (anything `ms` reads) → milliseconds. */
export function parseDuration(text: string): number {
  const value = ms(text.trim() as ms.StringValue);
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
    throw new Error(`Not a duration: "${text}" (use e.g. 5s, 30m, 2h)`);
  return Math.round(value);
}

/** "5s,5m,30m" → [5000, 300000, 1800000]. */
export function parseDurationList(text: string): number[] {
  return text
    .split(",")
    .filter((s) => s.trim() !== "")
    .map(parseDuration);
}

/**
 * The SDK's compound time strings (`step.sleep`'s "1d2h30m5s"; "" for zero, which Inngest
 * reads as 0), each part read by `ms`. Returns undefined for anything else.
 */
export function parseCompoundDuration(text: string): number | undefined {
  if (text === "") return 0;
  const parts = text.match(/\d+(?:\.\d+)?(?:ms|[wdhms])/g);
  if (!parts || parts.join("") !== text) return undefined;
  return parts.reduce((sum, part) => sum + parseDuration(part), 0);
}

/**
 * Retry-After: delta-seconds, or a date (an HTTP date from receivers, RFC 3339 from the
 * SDK's RetryAfterError). Returns milliseconds from `now`, or null when unreadable.
 */
export function parseRetryAfter(value: string | undefined | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
