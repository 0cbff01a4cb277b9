// Three engine processes on one PostgreSQL server of this test's own, delivering to receivers on
// 127.0.0.1 whose endpoints allow 2 requests in flight (WEBHOOK_ENDPOINT_CONCURRENCY=2), while
// one process is paused with SIGSTOP past its lease and resumed, another is killed with SIGKILL,
// and PostgreSQL is restarted. Every delivery must complete; the receivers measure the requests
// in flight per endpoint across all processes; no run may be marked failed, no step result may
// change once saved; every duplicate POST must be one that was in flight at a fault.
//
// The processes are scripts/reliability/engine-worker.ts (the app's functions and serve handler
// on the embedded engine, as `npm run soak` runs it) with a 5 s lease and Inngest's backoff
// table at a tenth, so the test outlives a lease and a retry within about a minute.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/open-database.ts";
import { newId } from "@/lib/ids.ts";
import { EVENT_TYPES } from "@/lib/webhooks/event-catalog.ts";
import { createWebhook } from "@/lib/webhooks/webhook-repo.ts";
import { startPrivatePostgres, type PrivatePostgres } from "../../e2e/support/private-postgres.ts";
import { seededRandom } from "../../scripts/reliability/faulty-receiver.ts";

const EVENTS = 45;
const ENDPOINTS = 3;
const LIMIT = 2;
const LEASE_MS = 5000;
const EXPECTED = EVENTS * ENDPOINTS;
const SEED = Number(process.env.FAULTS_SEED ?? Date.now() % 1_000_000);

/** One POST as a receiver saw it, and which engine process sent it (its TCP connection's owner). */
type Seen = { deliveryId: string; eventId: string; attempt: number; at: number; status: number; from: string };

/**
 * The worker that owns the client end of a connection to the receiver on `serverPort`: the
 * socket's inode from /proc/net/tcp, then the process whose file descriptors include it.
 */
function ownerOf(clientPort: number, serverPort: number): string {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, "0");
  const line = readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .find((l) => {
      const [, local, remote] = l.trim().split(/\s+/);
      return local?.endsWith(`:${hex(clientPort)}`) && remote?.endsWith(`:${hex(serverPort)}`);
    });
  const inode = line?.trim().split(/\s+/)[9];
  for (const w of workers) {
    try {
      const fds = readdirSync(`/proc/${w.child.pid}/fd`);
      if (fds.some((fd) => readlinkSync(`/proc/${w.child.pid}/fd/${fd}`) === `socket:[${inode}]`)) return w.name;
    } catch {
      /* the process is gone (SIGKILL) or the descriptor closed meanwhile */
    }
  }
  return "?";
}

type CountingReceiver = { url: string; seen: Seen[]; maxInFlight: number; close(): Promise<void> };

/**
 * Answers each POST after 250–550 ms, 15 % of them with a 500 (so retry runs share the
 * endpoint's slots with first attempts), and counts the requests it is holding at once: a
 * request is in flight from its arrival until its answer is sent or its connection drops.
 */
async function startCountingReceiver(random: () => number): Promise<CountingReceiver> {
  const seen: Seen[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const sender = new WeakMap<object, string>();
  const server: Server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let done = false;
    res.on("close", () => {
      if (!done) inFlight--;
      done = true;
    });
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const status = random() < 0.15 ? 500 : 200;
      seen.push({
        deliveryId: String(req.headers["x-aosai-delivery"] ?? ""),
        eventId: String(req.headers["x-aosai-event-id"] ?? ""),
        attempt: Number(req.headers["x-aosai-attempt"] ?? 0),
        at: Date.now(),
        status,
        from: sender.get(req.socket) ?? "?",
      });
      setTimeout(() => res.writeHead(status).end(status === 200 ? "ok" : "injected"), 250 + random() * 300);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  server.on("connection", (socket) => sender.set(socket, ownerOf(socket.remotePort ?? 0, port)));
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    get maxInFlight() {
      return maxInFlight;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type Worker = { name: string; child: ChildProcess; log: string[] };

function startWorker(name: string, env: NodeJS.ProcessEnv): Promise<Worker> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "scripts/reliability/engine-worker.ts",
      "--lease-ms",
      String(LEASE_MS),
      "--backoff-scale",
      "0.1",
    ],
    { env, stdio: ["ignore", "pipe", "pipe", "ipc"] },
  );
  const worker: Worker = { name, child, log: [] };
  const keep = (d: Buffer) => worker.log.push(...String(d).split("\n").filter(Boolean));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d) => String(d).includes("engine worker ready") && resolve(worker));
    child.once("exit", (code) => reject(new Error(`${name} exited (${code}): ${worker.log.slice(-20).join("\n")}`)));
  });
}

/** Asks a worker to emit one event as the app does; resolves with whether it was committed. */
function emitThrough(worker: Worker, agencyId: string, id: string): Promise<boolean> {
  return new Promise((resolve) => {
    const onMessage = (m: { kind?: string; id?: string }) => {
      if (m.id !== id) return;
      worker.child.off("message", onMessage);
      resolve(m.kind === "emitted");
    };
    worker.child.on("message", onMessage);
    worker.child.send({ kind: "emit", id, agencyId, type: "invoice.paid" });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: PrivatePostgres;
let database: Database;
const receivers: CountingReceiver[] = [];
const workers: Worker[] = [];

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: server.url });
  // PostgreSQL stopping under an open connection is expected here; the query fails instead.
  client.on("error", () => {});
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * What a fault now could send twice: deliveries whose run is being driven (its step may be
 * sending) or whose attempt is reserved and not yet recorded.
 */
const inFlightDeliveries = () =>
  query<{ id: string }>(
    `SELECT d.id FROM deliveries d
      WHERE d.status = 'pending'
        AND d.attempt_count > (SELECT count(*) FROM delivery_attempts a WHERE a.delivery_id = d.id)
     UNION
     SELECT e->'data'->>'deliveryId' FROM engine_runs r
      CROSS JOIN LATERAL jsonb_array_elements(coalesce(r.events, jsonb_build_array(r.event))) AS e
      WHERE r.status = 'running' AND e->'data'->>'deliveryId' IS NOT NULL`,
  ).then((rows) => rows.map((r) => r.id));

beforeAll(async () => {
  server = await startPrivatePostgres();
  database = await openDatabase({ url: server.url, poolSize: 2, migrate: true });
}, 120_000);

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
  for (const r of receivers) await r.close();
  await server?.destroy();
});

describe("three engine processes, SIGSTOP past a lease, SIGKILL, PostgreSQL restarted", () => {
  it("delivers everything once per fault at most, within each endpoint's limit", { timeout: 240_000 }, async () => {
    const started = Date.now();
    const random = seededRandom(SEED);
    const agencyId = newId("agc");
    await database.prisma.agency.create({ data: { id: agencyId, name: "Faults Agency", slug: agencyId } });
    const hookOf = new Map<string, number>();
    for (let i = 0; i < ENDPOINTS; i++) {
      const receiver = await startCountingReceiver(random);
      receivers.push(receiver);
      const { webhook } = await createWebhook(database.prisma, {
        agencyId,
        allowPrivateUrls: true,
        input: { name: `Faults ${i + 1}`, url: `${receiver.url}/hook/${i + 1}`, events: [...EVENT_TYPES] },
      });
      hookOf.set(webhook.id, i);
    }

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: server.url,
      DATABASE_POOL_SIZE: "5",
      WEBHOOK_ENDPOINT_CONCURRENCY: String(LIMIT),
      WEBHOOK_ALLOW_PRIVATE_URLS: "true",
      WEBHOOK_TIMEOUT_MS: "3000",
      WEBHOOK_RETRY_SCHEDULE: "1s,1s,1s,1s,1s,1s,1s,1s,1s,1s",
      WEBHOOK_RETRY_JITTER: "0.2",
    };
    // This process's pool is done: its idle connections must not see the restart.
    await database.close();
    workers.push(...(await Promise.all(["A", "B", "C"].map((name) => startWorker(name, env)))));
    const [a, b, c] = workers;
    console.log(`faults: seed ${SEED}, 3 engine processes ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // What every observer records while the faults happen: step results and run states.
    const stepData = new Map<string, string>();
    const overwritten: string[] = [];
    const seenFailed = new Set<string>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        try {
          const steps = await query<{ k: string; h: string }>(
            "SELECT run_id || '/' || hash AS k, md5(data::text) AS h FROM engine_steps",
          );
          for (const s of steps) {
            const before = stepData.get(s.k);
            if (before !== undefined && before !== s.h) overwritten.push(s.k);
            stepData.set(s.k, s.h);
          }
          for (const r of await query<{ id: string }>("SELECT id FROM engine_runs WHERE status = 'failed'"))
            seenFailed.add(r.id);
        } catch {
          /* PostgreSQL is down for a moment: look again */
        }
        await sleep(300);
      }
    })();

    // A emits (it is never stopped); an emit that fails while PostgreSQL is down is sent again
    // with the same event ID, as the app's callers do.
    const eventIds: string[] = [];
    const emitter = (async () => {
      for (let n = 0; n < EVENTS; n++) {
        const id = newId("evt");
        while (!(await emitThrough(a, agencyId, id))) await sleep(300);
        eventIds.push(id);
        await sleep(150);
      }
    })();

    const received = () => receivers.reduce((n, r) => n + r.seen.length, 0);
    while (received() < 12) await sleep(100);

    // Each fault with the deliveries that were in flight when it struck (reserved, not recorded).
    const faults: { what: string; at: number; inFlight: string[] }[] = [];
    b.child.kill("SIGSTOP");
    const pausedAt = Date.now();
    // B can take nothing more once frozen, but a claim it sent an instant before may still
    // commit: look after that.
    await sleep(500);
    faults.push({ what: "B paused (SIGSTOP)", at: pausedAt, inFlight: await inFlightDeliveries() });
    await sleep(1000);
    c.child.kill("SIGKILL");
    faults.push({ what: "C killed (SIGKILL)", at: Date.now(), inFlight: await inFlightDeliveries() });
    // Past B's lease: A takes B's runs over while B sleeps; then B wakes up holding stale
    // leases, soon enough that A may still be driving some of them.
    await sleep(pausedAt + LEASE_MS + 2500 - Date.now());
    b.child.kill("SIGCONT");
    await sleep(2500);
    // The restart: what was in flight just before the stop, or still is just after the start
    // (reserved an instant after the first look, sent into the outage, not recorded).
    const beforeRestart = await inFlightDeliveries();
    const pendingAtRestart = await query<{ n: number }>(
      "SELECT count(*)::int AS n FROM deliveries WHERE status = 'pending'",
    );
    const stoppedAt = Date.now();
    await server.stop();
    await sleep(3000);
    await server.start();
    const afterRestart = await inFlightDeliveries();
    faults.push({
      what: "PostgreSQL restarted",
      at: stoppedAt,
      inFlight: [...new Set([...beforeRestart, ...afterRestart])],
    });
    expect(pendingAtRestart[0].n, "the restart came too late to prove anything").toBeGreaterThan(0);

    await emitter;
    let succeeded = 0;
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(500)) {
      [{ n: succeeded }] = await query<{ n: number }>(
        "SELECT count(*)::int AS n FROM deliveries WHERE status = 'succeeded'",
      );
      if (succeeded >= EXPECTED) break;
    }
    // Answers still on their way land in the log before anything is compared.
    await sleep(1500);
    watching = false;
    await watcher;
    const elapsed = (Date.now() - started) / 1000;
    const t = (ms: number) => `${((ms - started) / 1000).toFixed(1)} s`;

    const deliveries = await query<{ id: string; event_id: string; webhook_id: string; status: string }>(
      "SELECT id, event_id, webhook_id, status FROM deliveries WHERE NOT is_test",
    );
    const attempts = await query<{ delivery_id: string; number: number; response_status: number | null }>(
      "SELECT delivery_id, number, response_status FROM delivery_attempts",
    );
    const runs = await query<{ status: string; n: number }>(
      "SELECT status, count(*)::int AS n FROM engine_runs GROUP BY status",
    );
    // A batched event's item is carried by its batch's run (counted above): it is finished when
    // that run is. An item no claim took, or one whose run is gone, is not.
    const unfinished = await query<{ status: string; n: number }>(
      `SELECT r.status, count(*)::int AS n FROM engine_runs r WHERE r.status <> 'completed' GROUP BY r.status
       UNION ALL
       SELECT 'batch item ' || CASE WHEN i.batch_run_id IS NULL THEN 'open' ELSE 'without its run' END, count(*)::int
         FROM engine_batch_items i
        WHERE i.batch_run_id IS NULL OR NOT EXISTS (SELECT 1 FROM engine_runs b WHERE b.id = i.batch_run_id)
        GROUP BY 1`,
    );
    const failureEvents = await query<{ id: string }>(
      "SELECT id FROM engine_events WHERE name = 'inngest/function.failed'",
    );

    // Duplicates: a delivery answered 200 more than once (its receiver got it twice), and an
    // attempt (delivery, number) POSTed more than once (re-sent after a fault).
    const byDelivery = new Map<string, Seen[]>();
    for (const r of receivers)
      for (const x of r.seen) byDelivery.set(x.deliveryId, [...(byDelivery.get(x.deliveryId) ?? []), x]);
    const resentOf = (posts: Seen[]) => posts.length - new Set(posts.map((x) => x.attempt)).size;
    const extraOkOf = (posts: Seen[]) => Math.max(0, posts.filter((x) => x.status === 200).length - 1);
    const duplicated = [...byDelivery].filter(([, posts]) => resentOf(posts) > 0 || extraOkOf(posts) > 0);
    const deliveredTwice = duplicated.reduce((n, [, posts]) => n + extraOkOf(posts), 0);
    const resent = duplicated.reduce((n, [, posts]) => n + resentOf(posts), 0);
    // Each fault may cost a delivery in flight at it one attempt sent again and one more 200
    // answer, no more. (Retries after a 200 whose record was lost are not counted: the
    // receivers' own random 500s decide how many they take.)
    const faultsOf = (deliveryId: string) => faults.filter((f) => f.inFlight.includes(deliveryId)).map((f) => f.what);
    const unexplained = duplicated.filter(
      ([id, posts]) => Math.max(resentOf(posts), extraOkOf(posts)) > faultsOf(id).length,
    );
    const okCount = (id: string) => (byDelivery.get(id) ?? []).filter((x) => x.status === 200).length;

    console.log(
      [
        `faults: ${EVENTS} events × ${ENDPOINTS} endpoints, limit ${LIMIT}, lease ${LEASE_MS} ms, seed ${SEED}: ${succeeded}/${EXPECTED} succeeded in ${elapsed.toFixed(0)} s`,
        `  ${received()} POSTs received, ${attempts.length} attempts logged; most in flight per endpoint: ${receivers.map((r) => r.maxInFlight).join(", ")}`,
        `  engine runs: ${runs.map((r) => `${r.status} ${r.n}`).join(", ")}; inngest/function.failed sent: ${failureEvents.length}`,
        ...faults.map((f) => `  ${f.what} at ${t(f.at)}: ${f.inFlight.length} deliveries in flight`),
        `  duplicates: ${deliveredTwice} extra 200 answers, ${resent} attempts sent again, in ${duplicated.length} deliveries:`,
        ...duplicated.map(
          ([id, posts]) =>
            `    ${id}: ${posts.map((x) => `#${x.attempt} ${x.status} from ${x.from} at ${t(x.at)}`).join(", ")}; in flight when ${faultsOf(id).join(", ") || "NO FAULT"}${unexplained.some(([u]) => u === id) ? " (UNEXPLAINED)" : ""}`,
        ),
      ].join("\n"),
    );
    const tails = () => workers.map((w) => `── ${w.name}\n${w.log.slice(-15).join("\n")}`).join("\n");

    // Every delivery completed, and the log agrees with the receivers.
    expect(deliveries, tails()).toHaveLength(EXPECTED);
    expect(
      deliveries.filter((d) => d.status !== "succeeded"),
      tails(),
    ).toEqual([]);
    expect(new Set(deliveries.map((d) => d.event_id))).toEqual(new Set(eventIds));
    for (const d of deliveries) {
      expect(okCount(d.id), `delivery ${d.id} never got a 200`).toBeGreaterThan(0);
      expect(receivers[hookOf.get(d.webhook_id)!].seen.some((s) => s.deliveryId === d.id)).toBe(true);
    }
    // The limit held across processes, and was reached (the test would see it broken).
    for (const r of receivers) expect(r.maxInFlight).toBeLessThanOrEqual(LIMIT);
    expect(Math.max(...receivers.map((r) => r.maxInFlight))).toBe(LIMIT);
    // No run failed (not even for a moment), no failure handler ran, nothing left behind.
    expect([...seenFailed]).toEqual([]);
    expect(failureEvents).toEqual([]);
    expect(unfinished).toEqual([]);
    // Every step result kept its first value. The steps are the retry runs' (a batch of first
    // attempts and a fan-out have none): one run, with a step per attempt after its sleep, for
    // each delivery whose first attempt failed, so there are at least as many as those.
    const retried = new Set(attempts.filter((x) => x.number >= 2).map((x) => x.delivery_id)).size;
    expect(retried).toBeGreaterThan(0);
    expect(stepData.size).toBeGreaterThanOrEqual(2 * retried);
    expect(overwritten).toEqual([]);
    // Each duplicate was in flight at a fault; never more of them than were in flight.
    expect(
      unexplained.map(([id]) => id),
      workers.map((w) => `── ${w.name}\n${w.log.filter((l) => /lease|another process/.test(l)).join("\n")}`).join("\n"),
    ).toEqual([]);
    expect(duplicated.length).toBeLessThanOrEqual(faults.reduce((n, f) => n + f.inFlight.length, 0));
    // The paused process came back and carried on; the killed one stayed dead.
    expect(a.child.exitCode).toBeNull();
    expect(b.child.exitCode).toBeNull();
    expect(c.child.signalCode).toBe("SIGKILL");
  });
});
