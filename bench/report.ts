import type { E2eResult } from "./e2e-worker.ts";
import type { QueryResult } from "./log-queries.ts";
import type { RawResult } from "./raw-limit.ts";

export type Report = {
  date: string;
  mode: "quick" | "full";
  machine: {
    cpus: number;
    cpuModel: string;
    memGb: number;
    node: string;
    loadavgStart: number[];
    loadavgEnd?: number[];
  };
  commit: string;
  raw: RawResult | null;
  e2e: E2eResult[];
  fairness: { baseline: E2eResult; withSlow: E2eResult } | null;
  log: { attempts: number; seedSeconds: number; rows: Record<string, number>; queries: QueryResult[] } | null;
};

const TARGET = { perSecond: 2000, rawRatio: 0.1, p99Ms: 250, queryP95Ms: 20, rssMb: 500 };

const f0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en") : "–");
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "–");

/** "met" or by how much a figure misses its target. */
function verdict(value: number, target: number, higherIsBetter: boolean, format: (n: number) => string = f0): string {
  if (!Number.isFinite(value)) return "no figure";
  const ok = higherIsBetter ? value >= target : value < target;
  if (ok) return "met";
  return higherIsBetter
    ? `missed: ${(target / Math.max(value, 1e-9)).toFixed(1)}× short (${format(target - value)} below)`
    : `missed: ${(value / target).toFixed(1)}× over (${format(value - target)} above)`;
}

const points = (ratio: number) => `${(ratio * 100).toFixed(2)} points`;

function table(headers: string[], rows: string[][]) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => "| " + cells.map((c, i) => c.padEnd(widths[i])).join(" | ") + " |";
  console.log(line(headers));
  console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
  for (const r of rows) console.log(line(r));
}

export function printReport(r: Report): void {
  console.log(
    `\n== Bench ${r.mode} · ${r.date} · commit ${r.commit} · ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memGb} GB, Node ${r.machine.node}`,
  );
  console.log(
    `   load average at start ${r.machine.loadavgStart.map(f1).join(" ")}, at end ${(r.machine.loadavgEnd ?? []).map(f1).join(" ")}\n`,
  );
  const raw = r.raw?.perSecond ?? NaN;
  console.log(`Raw limit: ${f0(raw)} signed POSTs/s (${r.raw?.connections} connections, ${r.raw?.errors} errors)\n`);
  table(
    [
      "end to end",
      "db",
      "delivered",
      "deliveries/s",
      "× raw",
      "p50 ms",
      "p95 ms",
      "p99 ms",
      "CPU ms/delivery",
      "RSS idle/peak/after MB",
    ],
    r.e2e.map((e) => [
      e.label,
      e.db,
      `${e.delivered}/${e.expected}${e.failedEmits ? ` (${e.failedEmits} emits failed)` : ""}${e.notEmitted ? ` (${e.notEmitted} not emitted in time)` : ""}${e.timedOut ? " TIMED OUT" : ""}`,
      f0(e.perSecond),
      `${((e.perSecond / raw) * 100).toFixed(2)} %`,
      f0(e.latencyMs.p50),
      f0(e.latencyMs.p95),
      f0(e.latencyMs.p99),
      f1(e.cpuMsPerDelivery),
      `${e.rssMb.idle}/${e.rssMb.peak}/${e.rssMb.afterGc ?? e.rssMb.afterIdle}`,
    ]),
  );
  console.log("\nTargets");
  const best = Math.max(...r.e2e.map((e) => e.perSecond));
  // The target is about the defaults: variants (checkpointing off, more slots per endpoint) are left out.
  const rated = r.e2e.filter((e) => e.params.rate === 200 && e.params.endpoints === 5 && e.label === "200 ev/s × 5");
  const peak = Math.max(...r.e2e.map((e) => e.rssMb.peak).filter(Number.isFinite));
  const rows: string[][] = [
    ["e2e ≥ 2,000 deliveries/s", f0(best), verdict(best, TARGET.perSecond, true)],
    ["e2e ≥ 10 % of raw", `${((best / raw) * 100).toFixed(2)} %`, verdict(best / raw, TARGET.rawRatio, true, points)],
    ...rated.map((e) => [
      `p99 < 250 ms at 200 ev/s × 5 (${e.db})`,
      `${f0(e.latencyMs.p99)} ms`,
      verdict(e.latencyMs.p99, TARGET.p99Ms, false),
    ]),
    ["peak RSS < 500 MB", `${peak} MB`, verdict(peak, TARGET.rssMb, false)],
  ];
  if (r.log) {
    const worst = Math.max(...r.log.queries.map((q) => q.ms.p95));
    rows.push([
      `log query p95 < 20 ms at ${f0(r.log.attempts)} attempts (worst)`,
      `${f1(worst)} ms`,
      verdict(worst, TARGET.queryP95Ms, false),
    ]);
  }
  table(["target", "measured", "verdict"], rows);
  if (r.fairness) {
    const { baseline: b, withSlow: s } = r.fairness;
    console.log("\nFairness (latency of the fast endpoints)");
    table(
      ["run", "delivered", "p50 ms", "p95 ms", "p99 ms"],
      [b, s].map((e) => [
        e.label,
        `${e.delivered}/${e.expected}`,
        f0(e.latencyMs.p50),
        f0(e.latencyMs.p95),
        f0(e.latencyMs.p99),
      ]),
    );
    console.log(`  p95 with the slow endpoint / without: ${(s.latencyMs.p95 / b.latencyMs.p95).toFixed(2)}×`);
  }
  if (r.log) {
    console.log(
      `\nLog at scale: ${f0(r.log.attempts)} attempts, seeded in ${f1(r.log.seedSeconds)} s (${Object.entries(
        r.log.rows,
      )
        .map(([t, n]) => `${t} ${f0(n)}`)
        .join(", ")})`,
    );
    table(
      ["query", "rows", "p50 ms", "p95 ms", "verdict", "plan"],
      r.log.queries.map((q) => [
        q.name,
        String(q.rows),
        f1(q.ms.p50),
        f1(q.ms.p95),
        verdict(q.ms.p95, TARGET.queryP95Ms, false),
        `${q.indexes.join(", ") || "no index"}${q.seqScans.length ? ` · SEQ SCAN ${q.seqScans.join(", ")}` : ""}`,
      ]),
    );
  }
}
