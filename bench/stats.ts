export type LatencySummary = { n: number; p50: number; p95: number; p99: number; max: number; mean: number };

/** Nearest-rank percentiles, rounded to 0.1 ms. */
export function summarize(values: number[]): LatencySummary {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN);
  const r = (x: number) => Math.round(x * 10) / 10;
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN;
  return { n: s.length, p50: r(at(50)), p95: r(at(95)), p99: r(at(99)), max: r(s.at(-1) ?? NaN), mean: r(mean) };
}
