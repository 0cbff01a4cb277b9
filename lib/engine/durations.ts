const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/**
 * When a `Sleep` op ends: its name is either an ISO date (`step.sleepUntil`) or the SDK's
 * time string such as `"1d2h30m"` (`step.sleep`).
 */
export function sleepUntil(name: string, nowMs: number): number {
  const parts = [...name.matchAll(/(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/g)];
  if (parts.length > 0 && parts.map((p) => p[0]).join("") === name) {
    return nowMs + parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]], 0);
  }
  const at = Date.parse(name);
  if (Number.isNaN(at)) throw new Error(`Cannot read sleep duration "${name}"`);
  return at;
}

/** `Retry-After`: seconds, or an HTTP date, or the SDK's time string. */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  try {
    return Math.max(0, sleepUntil(header.trim(), nowMs) - nowMs);
  } catch {
    return undefined;
  }
}

/** Inngest-like backoff between attempts of a failing step: 5 s, 10 s, 20 s … capped at 1 h, ±20 %. */
export function defaultRetryBackoff(attempt: number): number {
  const base = Math.min(5000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}
