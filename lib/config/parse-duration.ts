const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "500ms", "5s", "30m", "2h", "5d" → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
  if (!m) throw new Error(`Not a duration: "${text}" (use e.g. 5s, 30m, 2h)`);
  return Math.round(Number(m[1]) * UNITS[m[2]]);
}

/** "5s,5m,30m" → [5000, 300000, 1800000]. */
export function parseSchedule(text: string): number[] {
  return text
    .split(",")
    .filter((s) => s.trim() !== "")
    .map(parseDuration);
}
