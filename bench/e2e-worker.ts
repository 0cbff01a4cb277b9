// One end-to-end scenario in a process of its own (so its RSS is the engine's): an agency with
// M endpoints on the bench receiver, the embedded engine started as the app starts it, N events
// emitted through emitEvent (at a fixed rate or as fast as possible), then the receipts read
// back from the receiver. Prints one line `RESULT <json>`.
import { db, getDatabase } from "@/lib/db/index.ts";
import { startEmbeddedEngine } from "@/lib/engine/start.ts";
import { emitEventAndDispatch, transactionWithEvents } from "@/lib/events/index.ts";
import { newId } from "@/lib/ids.ts";
import { sampleEventData } from "@/lib/webhooks/event-catalog.ts";
import { createWebhook } from "@/lib/webhooks/webhook-repo.ts";
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
  timedOut: boolean;
  failedEmits: number;
  notEmitted: number;
  emitErrors: Record<string, number>;
};

const params = JSON.parse(process.argv[2]) as E2eParams;
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (n: number) => Math.round(n / 1048576);

const prisma = await db();
const agencyId = newId("agc");
await prisma.agency.create({ data: { id: agencyId, name: "Bench Agency", slug: agencyId.toLowerCase() } });
for (let i = 0; i < params.endpoints; i++) {
  const kind = i < params.slowEndpoints ? "slow" : "hook";
  const r = await createWebhook(prisma, {
    agencyId,
    allowPrivateUrls: true,
    input: { name: `Bench ${i}`, url: `${params.receiverOrigin}/${kind}/${i}`, events: ["invoice.paid"] },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
}
await startEmbeddedEngine();
await fetch(`${params.receiverOrigin}/__reset`);
await sleep(1000);

let peak = process.memoryUsage().rss;
const idle = peak;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const data = sampleEventData("invoice.paid");
const emittedAt = new Map<string, number>();
const cpu0 = process.cpuUsage();
const t0 = now();
const pending = new Set<Promise<unknown>>();
const emitErrors = new Map<string, number>();
let failedEmits = 0;
// Emitting is bounded too: what could not be emitted within the time limit is reported.
let notEmitted = 0;
const track = (p: Promise<unknown>) => {
  pending.add(p);
  void p
    .catch((e) => {
      failedEmits++;
      emitErrors.set((e as Error).message, (emitErrors.get((e as Error).message) ?? 0) + 1);
    })
    .finally(() => pending.delete(p));
};

if (params.rate > 0) {
  // Open loop: event i is due at t0 + i/rate whatever the app's latency; late ones go at once.
  for (let i = 0; i < params.events; i++) {
    if (now() - t0 > params.timeoutMs) {
      notEmitted = params.events - i;
      break;
    }
    const due = t0 + (i * 1000) / params.rate;
    const wait = due - now();
    if (wait > 1) await sleep(wait);
    const id = newId("evt");
    emittedAt.set(id, now());
    track(emitEventAndDispatch(prisma, { agencyId, type: "invoice.paid", data, id }));
  }
} else {
  // Full speed: 4 writers, each committing 25 events per transaction (transactionWithEvents).
  const BATCH = 25;
  let next = 0;
  const writer = async () => {
    while (next < params.events) {
      if (now() - t0 > params.timeoutMs) {
        notEmitted += params.events - next;
        next = params.events;
        break;
      }
      const n = Math.min(BATCH, params.events - next);
      next += n;
      // An overloaded app fails emits (the transaction times out): count them, as the rate path does.
      await transactionWithEvents(prisma, async (_tx, emit) => {
        for (let j = 0; j < n; j++) {
          const id = newId("evt");
          emittedAt.set(id, now());
          await emit({ agencyId, type: "invoice.paid", data, id });
        }
      }).catch((e: Error) => {
        failedEmits += n;
        emitErrors.set(e.message.split("\n")[0], (emitErrors.get(e.message.split("\n")[0]) ?? 0) + n);
      });
    }
  };
  await Promise.all(Array.from({ length: 4 }, writer));
}
await Promise.allSettled([...pending]);
const emitSeconds = (now() - t0) / 1000;

const fast = params.endpoints - params.slowEndpoints;
const expected = (params.events - failedEmits - notEmitted) * fast;
const until = Date.now() + params.timeoutMs;
let lastLog = 0;
for (;;) {
  const count = await fastCount();
  if (count >= expected) break;
  if (Date.now() > until) break;
  if (Date.now() - lastLog > 2000) {
    lastLog = Date.now();
    process.stderr.write(`  … ${params.label}: ${count}/${expected} received\n`);
  }
  await sleep(100);
}

async function fastCount(): Promise<number> {
  if (params.slowEndpoints === 0)
    return ((await (await fetch(`${params.receiverOrigin}/__count`)).json()) as { count: number }).count;
  const receipts = (await (await fetch(`${params.receiverOrigin}/__dump`)).json()) as [string, string, number][];
  return receipts.filter((r) => r[1].startsWith("/hook/")).length;
}

const cpu = process.cpuUsage(cpu0);
const receipts = (await (await fetch(`${params.receiverOrigin}/__dump`)).json()) as [string, string, number][];
const seen = new Set<string>();
const latencies: number[] = [];
let lastAt = t0;
let duplicates = 0;
for (const [eventId, path, at] of receipts) {
  if (!path.startsWith("/hook/")) continue;
  const key = `${eventId} ${path}`;
  if (seen.has(key)) {
    duplicates++;
    continue;
  }
  seen.add(key);
  const emitted = emittedAt.get(eventId);
  if (emitted === undefined) continue;
  latencies.push(at - emitted);
  lastAt = Math.max(lastAt, at);
}
const seconds = (lastAt - t0) / 1000;
const afterRun = peak;
await sleep(params.idleWaitMs);
clearInterval(sampler);
const afterIdle = process.memoryUsage().rss;
const gc = (globalThis as { gc?: () => void }).gc;
let afterGc: number | null = null;
if (gc) {
  gc();
  await sleep(200);
  afterGc = mb(process.memoryUsage().rss);
}

const result: E2eResult = {
  label: params.label,
  db: (await getDatabase()).kind,
  params,
  expected,
  delivered: seen.size,
  duplicates,
  seconds,
  perSecond: seen.size / seconds,
  emitSeconds,
  latencyMs: summarize(latencies),
  cpuMsPerDelivery: (cpu.user + cpu.system) / 1000 / Math.max(1, seen.size),
  rssMb: { idle: mb(idle), peak: mb(Math.max(afterRun, peak)), afterIdle: mb(afterIdle), afterGc },
  timedOut: seen.size < expected,
  failedEmits,
  notEmitted,
  emitErrors: Object.fromEntries(emitErrors),
};
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(0);
