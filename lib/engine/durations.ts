import { parseCompoundDuration } from "../durations.ts";

/**
 * When a `Sleep` op ends: its name is either an ISO date (`step.sleepUntil`) or the SDK's
 * time string such as `"1d2h30m"` (`step.sleep`); an empty string is a zero-length sleep.
 */
export function sleepUntil(name: string, nowMs: number): number {
  const duration = parseCompoundDuration(name);
  if (duration !== undefined) return nowMs + duration;
  const at = Date.parse(name);
  if (Number.isNaN(at)) throw new Error(`Cannot read sleep duration "${name}"`);
  return at;
}
