// The load shapes and the measurement shared by the product's scenario (e2e-worker.ts) and the
// peer's (peer-worker.ts), so both are driven and judged the same way: events emitted at a fixed
// rate (open loop) or as fast as possible (4 writers × 25 events per call), latency = receipt time
// at the receiver − the moment the event was handed to the system, CPU = this process's own.
import os from "node:os";
import { newId } from "@/lib/ids.ts";
import { summarize, type LatencySummary } from "./stats.ts";

export type E2eParams = {
  label: string;
  events: number;
  endpoints: number;
  /** Events per second; 0 = as fast as the app can emit. */
  rate: number;
  /** The first K endpoints answer after BENCH_SLOW_MS; they are left out of the figures. */
  slowEndpoints: number;
  receiverOrigin: string;
  timeoutMs: number;
  idleWaitMs: number;
};

export type E2eResult = {
  label: string;
  db: string;
  params: E2eParams;
  expected: number;
  delivered: number;
  duplicates: number;
  seconds: number;
  perSecond: number;
  emitSeconds: number;
  latencyMs: LatencySummary;
  cpuMsPerDelivery: number;
  rssMb: { idle: number; peak: number; afterIdle: number; afterGc: number | null };
  /** The embedded PostgreSQL's processes at their peak (embedded runs; bench/server-memory.ts). */
  serverMb?: { rssPeak: number; pssPeak: number };
  timedOut: boolean;
  failedEmits: number;
  notEmitted: number;
  emitErrors: Record<string, number>;
  /** 1-minute load average when the scenario started and ended (the machine is shared). */
  loadavg: [number, number];
  /**
   * The warm-up event's latency (its slowest delivery), sent before the clocks start and left
   * out of every other figure (warmUp); null where it did not arrive in time.
   */
  firstEventMs: number | null;
  /**
   * The warm-up at load after it (warmUp): its events' latency, not in any other figure; null
   * where none of its deliveries arrived in time.
   */
  warmUpMs: LatencySummary | null;
};

export type LoadRecorder = {
  emittedAt: Map<string, number>;
  failedEmits: number;
  notEmitted: number;
  emitErrors: Map<string, number>;
  t0: number;
  cpu0: NodeJS.CpuUsage;
  idle: number;
  peak: number;
  sampler: NodeJS.Timeout;
  load0: number;
};

export const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (n: number) => Math.round(n / 1048576);

/** The warm-up at load lasts this long (bench/load.ts warmUp). */
export const WARM_UP_SECONDS = 2;

/**
 * Before the clocks start, as the raw limit's 0.5 s of warm-up does for its own figure: one
 * event through the same path, then WARM_UP_SECONDS at the scenario's rate (200 events/s for a
 * full-speed one), each waited for. Both are reported apart, not dropped.
 *
 * The first delivery after start-up pays once for the connections to the receiver and the
 * database, the statements' first plans and code not yet compiled: ~115 ms here against ~30 ms
 * for the events after it at 5 ev/s × 5 (2026-12-03); at 100 events × 5 endpoints its 5
 * deliveries alone made the p99. Its latency (the slowest of its deliveries to the fast
 * endpoints) is `firstEventMs`.
 * The first seconds at load pay for the rest of it: code compiled only once it is hot, a
 * connection pool that grows to the load, each connection's statements prepared and planned
 * again. At 200 events/s × 5 the events of the first 2 s waited up to 700 ms and the run's
 * steady state ~100 ms (per 250 ms of a 10 s run, 2026-12-04): a 3 s run measured the start-up,
 * not the "sustained" of the target. Their latency is `warmUpMs`; the peer gets the same.
 * The receiver is reset after each part; a slow endpoint's copies arrive later under event ids
 * the run does not count.
 */
export async function warmUp(
  p: E2eParams,
  emitOne: (eventId: string) => Promise<unknown>,
): Promise<{ firstEventMs: number | null; warmUpMs: LatencySummary | null }> {
  const fast = p.endpoints - p.slowEndpoints;
  await fetch(`${p.receiverOrigin}/__reset`);
  const id = newId("evt");
  const at = now();
  await emitOne(id);
  const first = await waitForReceipts(p, new Map([[id, at]]), fast, 30_000);
  const firstEventMs = first.length >= fast ? Math.max(...first) : null;
  await fetch(`${p.receiverOrigin}/__reset`);

  const rate = p.rate > 0 ? p.rate : 200;
  const emitted = new Map<string, number>();
  const t0 = now();
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < rate * WARM_UP_SECONDS; i++) {
    const wait = t0 + (i * 1000) / rate - now();
    if (wait > 1) await sleep(wait);
    const eventId = newId("evt");
    emitted.set(eventId, now());
    sends.push(emitOne(eventId).catch(() => emitted.delete(eventId)));
  }
  await Promise.all(sends);
  const latencies = await waitForReceipts(p, emitted, fast, 60_000);
  await fetch(`${p.receiverOrigin}/__reset`);
  return { firstEventMs, warmUpMs: latencies.length > 0 ? summarize(latencies) : null };
}

/** The latencies of `emitted`'s deliveries to the fast endpoints, once all are in (or at `timeoutMs`). */
async function waitForReceipts(
  p: E2eParams,
  emitted: Map<string, number>,
  fast: number,
  timeoutMs: number,
): Promise<number[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const receipts = (await (await fetch(`${p.receiverOrigin}/__dump`)).json()) as Receipt[];
    const latencies: number[] = [];
    const seen = new Set<string>();
    for (const [eventId, path, at] of receipts) {
      const sent = emitted.get(eventId);
      if (sent === undefined || !path.startsWith("/hook/") || seen.has(`${eventId} ${path}`)) continue;
      seen.add(`${eventId} ${path}`);
      latencies.push(at - sent);
    }
    if (latencies.length >= emitted.size * fast || Date.now() > until) return latencies;
    await sleep(20);
  }
}

/** Starts the clocks: CPU, wall time and an RSS sampler (every 50 ms). */
export function createLoadRecorder(): LoadRecorder {
  const rss = process.memoryUsage().rss;
  const rec: LoadRecorder = {
    emittedAt: new Map(),
    failedEmits: 0,
    notEmitted: 0,
    emitErrors: new Map(),
    t0: now(),
    cpu0: process.cpuUsage(),
    idle: rss,
    peak: rss,
    sampler: setInterval(() => (rec.peak = Math.max(rec.peak, process.memoryUsage().rss)), 50),
    load0: os.loadavg()[0],
  };
  return rec;
}

function failed(rec: LoadRecorder, err: unknown, n: number) {
  rec.failedEmits += n;
  const message = String((err as Error).message ?? err).split("\n")[0];
  rec.emitErrors.set(message, (rec.emitErrors.get(message) ?? 0) + n);
}

/** Open loop: event i is due at t0 + i/rate whatever the system's latency; late ones go at once. */
export async function emitAtRate(
  p: E2eParams,
  rec: LoadRecorder,
  emitOne: (eventId: string) => Promise<unknown>,
): Promise<void> {
  const pending = new Set<Promise<unknown>>();
  for (let i = 0; i < p.events; i++) {
    if (now() - rec.t0 > p.timeoutMs) {
      rec.notEmitted = p.events - i;
      break;
    }
    const wait = rec.t0 + (i * 1000) / p.rate - now();
    if (wait > 1) await sleep(wait);
    const id = newId("evt");
    rec.emittedAt.set(id, now());
    const done = emitOne(id)
      .catch((err) => failed(rec, err, 1))
      .finally(() => pending.delete(done));
    pending.add(done);
  }
  await Promise.allSettled([...pending]);
}

/** Full speed: 4 writers, each handing over 25 events per call (one transaction, one addBulk). */
export async function emitFullSpeed(
  p: E2eParams,
  rec: LoadRecorder,
  emitMany: (eventIds: string[]) => Promise<unknown>,
): Promise<void> {
  const BATCH = 25;
  let next = 0;
  const writer = async () => {
    while (next < p.events) {
      if (now() - rec.t0 > p.timeoutMs) {
        rec.notEmitted += p.events - next;
        next = p.events;
        break;
      }
      const n = Math.min(BATCH, p.events - next);
      next += n;
      const ids = Array.from({ length: n }, () => newId("evt"));
      const at = now();
      for (const id of ids) rec.emittedAt.set(id, at);
      // An overloaded system fails emits (a transaction times out): count them.
      await emitMany(ids).catch((err) => failed(rec, err, n));
    }
  };
  await Promise.all(Array.from({ length: 4 }, writer));
}

type Receipt = [eventId: string, path: string, at: number];

/** Waits for every expected receipt (or the time limit), then computes the scenario's figures. */
export async function measureDeliveries(
  p: E2eParams,
  rec: LoadRecorder,
  emitting: Promise<void>,
  db: string,
  warm: { firstEventMs: number | null; warmUpMs: LatencySummary | null },
): Promise<E2eResult> {
  await emitting;
  const emitSeconds = (now() - rec.t0) / 1000;
  const fast = p.endpoints - p.slowEndpoints;
  const expected = (p.events - rec.failedEmits - rec.notEmitted) * fast;
  const until = Date.now() + p.timeoutMs;
  let lastLog = 0;
  for (;;) {
    const count = await fastCount(p);
    if (count >= expected || Date.now() > until) break;
    if (Date.now() - lastLog > 2000) {
      lastLog = Date.now();
      process.stderr.write(`  … ${p.label}: ${count}/${expected} received\n`);
    }
    await sleep(100);
  }
  const cpu = process.cpuUsage(rec.cpu0);
  const loadavg: [number, number] = [rec.load0, os.loadavg()[0]];
  const receipts = (await (await fetch(`${p.receiverOrigin}/__dump`)).json()) as Receipt[];
  const seen = new Set<string>();
  const latencies: number[] = [];
  let lastAt = rec.t0;
  let duplicates = 0;
  for (const [eventId, path, at] of receipts) {
    if (!path.startsWith("/hook/")) continue;
    const key = `${eventId} ${path}`;
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    const emitted = rec.emittedAt.get(eventId);
    if (emitted === undefined) continue;
    latencies.push(at - emitted);
    lastAt = Math.max(lastAt, at);
  }
  const seconds = (lastAt - rec.t0) / 1000;
  const afterRun = rec.peak;
  await sleep(p.idleWaitMs);
  clearInterval(rec.sampler);
  const afterIdle = process.memoryUsage().rss;
  const gc = (globalThis as { gc?: () => void }).gc;
  let afterGc: number | null = null;
  if (gc) {
    gc();
    await sleep(200);
    afterGc = mb(process.memoryUsage().rss);
  }
  return {
    label: p.label,
    db,
    params: p,
    expected,
    delivered: seen.size,
    duplicates,
    seconds,
    perSecond: seen.size / seconds,
    emitSeconds,
    latencyMs: summarize(latencies),
    cpuMsPerDelivery: (cpu.user + cpu.system) / 1000 / Math.max(1, seen.size),
    rssMb: { idle: mb(rec.idle), peak: mb(Math.max(afterRun, rec.peak)), afterIdle: mb(afterIdle), afterGc },
    timedOut: seen.size < expected,
    failedEmits: rec.failedEmits,
    notEmitted: rec.notEmitted,
    emitErrors: Object.fromEntries(rec.emitErrors),
    loadavg,
    ...warm,
  };
}

async function fastCount(p: E2eParams): Promise<number> {
  if (p.slowEndpoints === 0)
    return ((await (await fetch(`${p.receiverOrigin}/__count`)).json()) as { count: number }).count;
  const receipts = (await (await fetch(`${p.receiverOrigin}/__dump`)).json()) as Receipt[];
  return receipts.filter((r) => r[1].startsWith("/hook/")).length;
}
