// npm run bench [-- --quick] [-- --only-log] [-- --skip-log] [-- --skip-external] [-- --skip-peer] [-- --compare-checkpointing]
// Measures in one run: the raw HTTP limit, end to end through emitEvent and the embedded engine
// (on the default embedded PostgreSQL, and on an external PostgreSQL through DATABASE_URL), the peer baseline (the same job on BullMQ + pg, bench/peer-worker.ts), fairness with a slow endpoint, the log at a million rows, and the
// engine process's memory. Prints progress, a table, and writes bench/results/<timestamp>.json.
import { execSync, fork, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { stopEmbeddedPostgres } from "@/lib/db/embedded-postgres.ts";
import { openDatabase } from "@/lib/db/open-database.ts";
import { startScratchPostgres, type ScratchPostgres } from "@/lib/db/scratch-postgres.ts";
import type { E2eParams, E2eResult } from "./e2e-worker.ts";
import { timeLogQueries, type QueryResult } from "./log-queries.ts";
import { seedLog } from "./log-seed.ts";
import { measureRawLimit, type RawResult } from "./raw-limit.ts";
import { WARM_UP_SECONDS } from "./load.ts";
import { printLogReport, printReport, type DbKind, type Report } from "./report.ts";
import { embeddedServerMemory, type ServerMemory } from "./server-memory.ts";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const skipLog = argv.includes("--skip-log");
// Quick mode (catches a collapse, asserts nothing) measures the default only, to stay under a minute.
const skipExternal = argv.includes("--skip-external") || quick;
const keepLogDb = argv.includes("--keep-log-db");
const compareCheckpointing = argv.includes("--compare-checkpointing");
const skipPeer = argv.includes("--skip-peer");
// The log at scale alone (its seed and queries, cross-endpoint search included), ~2-4 min.
const onlyLog = argv.includes("--only-log");
const started = Date.now();
const log = (m: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}`);

const report: Report = {
  date: new Date().toISOString(),
  mode: quick ? "quick" : "full",
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "?",
    memGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadavgStart: os.loadavg(),
  },
  commit: gitCommit(),
  raw: null,
  e2e: [],
  peer: [],
  fairness: null,
  log: null,
};

function gitCommit(): string {
  try {
    const dirty = execSync("git status --porcelain -- lib bench inngest", { encoding: "utf8" }).trim()
      ? "+uncommitted"
      : "";
    return execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim() + dirty;
  } catch {
    return "unknown";
  }
}

// "External": TEST_DATABASE_URL's server, else the machine's on :5432 if one answers, else a
// PostgreSQL server of the bench's own (the embedded binaries, reached through DATABASE_URL as
// any external server is). The peer, fairness and log scenarios run there too.
const MACHINE_URL = "postgres://postgres@127.0.0.1:5432/test";
let scratch: ScratchPostgres | undefined;
async function externalAdminUrl(): Promise<string> {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  const c = new pg.Client({ connectionString: MACHINE_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return MACHINE_URL;
  } catch {
    scratch = await startScratchPostgres("bench");
    return scratch.adminUrl;
  }
}
const ADMIN_URL = await externalAdminUrl();
report.externalServer = scratch ? "a PostgreSQL 18 server of the bench's own" : new URL(ADMIN_URL).host;

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function dbUrl(name: string) {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

function startReceiver(): Promise<{ child: ChildProcess; origin: string }> {
  const child = fork(path.join(import.meta.dirname, "receiver-process.ts"), [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_SLOW_MS: "10000" },
  });
  return new Promise((resolve, reject) => {
    child.once("message", (m) => resolve({ child, origin: `http://127.0.0.1:${(m as { port: number }).port}` }));
    child.once("exit", (code) => reject(new Error(`receiver exited (${code})`)));
  });
}

/** One end-to-end scenario in a fresh process and a fresh database. */
/** A scenario that fails is recorded as such; the rest of the bench still runs. */
async function e2e(...args: Parameters<typeof e2eOnce>): Promise<E2eResult> {
  try {
    return await e2eOnce(...args);
  } catch (err) {
    log(`  ✗ ${args[1].label} on ${args[0]} failed: ${(err as Error).message.split("\n")[0]}`);
    const nan = { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
    return {
      label: args[1].label,
      db: args[0],
      params: { ...args[1], receiverOrigin: args[2] },
      expected: args[1].events * (args[1].endpoints - args[1].slowEndpoints),
      delivered: 0,
      duplicates: 0,
      seconds: NaN,
      perSecond: 0,
      emitSeconds: NaN,
      latencyMs: nan,
      cpuMsPerDelivery: NaN,
      rssMb: { idle: NaN, peak: NaN, afterIdle: NaN, afterGc: null },
      timedOut: true,
      failedEmits: 0,
      notEmitted: 0,
      emitErrors: { [String((err as Error).message).slice(0, 200)]: 1 },
      loadavg: [NaN, NaN],
      firstEventMs: null,
      warmUpMs: null,
    };
  }
}

async function e2eOnce(
  kind: DbKind,
  p: Omit<E2eParams, "receiverOrigin">,
  origin: string,
  extraEnv: Record<string, string> = {},
  worker = "e2e-worker.ts",
): Promise<E2eResult> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "bench-data-"));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, WEBHOOK_ALLOW_PRIVATE_URLS: "true", ...extraEnv };
  for (const k of ["INNGEST_EVENT_KEY", "INNGEST_SIGNING_KEY", "INNGEST_BASE_URL", "INNGEST_DEV", "DATABASE_URL"])
    delete env[k];
  const name = `bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  if (kind === "external") {
    await admin(`CREATE DATABASE "${name}"`);
    env.DATABASE_URL = dbUrl(name);
  }
  // The embedded server is processes of its own beside the worker: sampled from here.
  let serverPeak: ServerMemory | undefined;
  const sampler = setInterval(() => {
    const m = kind === "embedded" ? embeddedServerMemory(dataDir) : undefined;
    if (m && (!serverPeak || m.pssMb > serverPeak.pssMb)) serverPeak = m;
  }, 500);
  log(
    `${worker === "e2e-worker.ts" ? "e2e" : "peer"} ${kind} ${p.label}: ${p.events} events × ${p.endpoints} endpoints at ${p.rate ? `${p.rate} events/s` : "full speed"}…`,
  );
  try {
    const child = spawn(
      process.execPath,
      [
        "--expose-gc",
        "--import",
        "tsx",
        path.join(import.meta.dirname, worker),
        JSON.stringify({ ...p, receiverOrigin: origin }),
      ],
      {
        env,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const hardLimit = setTimeout(() => child.kill("SIGKILL"), p.timeoutMs + 90_000);
    const code = await new Promise<number | null>((r) => child.on("exit", r));
    clearTimeout(hardLimit);
    const line = out.split("\n").find((l) => l.startsWith("RESULT "));
    if (!line) throw new Error(`e2e worker ${p.label} exited ${code} without a result:\n${out.slice(-2000)}`);
    const r = JSON.parse(line.slice(7)) as E2eResult;
    if (serverPeak) r.serverMb = { rssPeak: serverPeak.rssMb, pssPeak: serverPeak.pssMb };
    log(
      `  → ${r.delivered}/${r.expected} delivered, ${r.perSecond.toFixed(0)}/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, peak RSS ${r.rssMb.peak} MB, first event after start ${r.firstEventMs === null ? "not delivered in time" : `${Math.round(r.firstEventMs)} ms`}, ${WARM_UP_SECONDS} s at load after it p50/p99 ${r.warmUpMs ? `${Math.round(r.warmUpMs.p50)}/${Math.round(r.warmUpMs.p99)} ms` : "not delivered in time"} (not counted)${serverPeak ? ` + PostgreSQL ${serverPeak.rssMb} MB RSS (${serverPeak.pssMb} MB PSS, ${serverPeak.processes} processes)` : ""}${r.timedOut ? " (TIMED OUT)" : ""}`,
    );
    return r;
  } finally {
    clearInterval(sampler);
    if (kind === "external") await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
    // The worker's embedded server outlives it, as it would any app process: stop it.
    else await stopEmbeddedPostgres(dataDir).catch(() => false);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function logAtScale(): Promise<Report["log"]> {
  const attempts = quick ? 20_000 : 1_000_000;
  const name = `bench_log_${Date.now().toString(36)}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = dbUrl(name);
  try {
    const d = await openDatabase({ url });
    await d.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    log(`log: seeding ${attempts.toLocaleString("en")} delivery attempts across 100 endpoints and 2 agencies…`);
    const seed = await seedLog(
      client,
      { agencies: 2, webhooksPerAgency: 50, events: attempts / 5, deliveriesPerEvent: 4, attempts },
      (m) => log(`  seeded ${m}`),
    );
    await client.end();
    log(`  seeded in ${seed.seconds.toFixed(1)} s: ${JSON.stringify(seed.rows)}`);
    const queries: QueryResult[] = await timeLogQueries(url, { iterations: quick ? 10 : 40 }, (m) => log(`  ${m}`));
    return { attempts, seedSeconds: seed.seconds, rows: seed.rows, queries };
  } finally {
    if (keepLogDb) log(`  kept the log database for inspection: ${url}`);
    else await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
  }
}

/** The product's scenario, then on external PostgreSQL the peer's (BullMQ + pg) with the same load, back to back. */
async function scenario(kind: DbKind, p: Omit<E2eParams, "receiverOrigin">) {
  report.e2e.push(await e2e(kind, p, receiver.origin));
  if (kind === "external" && !skipPeer) report.peer.push(await e2e(kind, p, receiver.origin, {}, "peer-worker.ts"));
}

if (onlyLog) {
  try {
    report.log = await logAtScale();
  } finally {
    await scratch?.destroy();
  }
  report.machine.loadavgEnd = os.loadavg();
  mkdirSync(path.join(import.meta.dirname, "results"), { recursive: true });
  const file = path.join(import.meta.dirname, "results", `${report.date.replace(/[:.]/g, "-")}-log.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  printLogReport(report);
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
  log(
    `load average ${load(report.machine.loadavgStart)} → ${load(report.machine.loadavgEnd)}; results: ${path.relative(process.cwd(), file)}`,
  );
  process.exit(0);
}

const receiver = await startReceiver();
try {
  log(
    `receiver on ${receiver.origin}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  log("raw limit: signed POSTs from an undici Pool, no database…");
  report.raw = (await measureRawLimit(receiver.origin, {
    durationMs: quick ? 1000 : 10_000,
    connections: 64,
  })) satisfies RawResult;
  log(`  → ${report.raw.perSecond.toFixed(0)} requests/s`);
  await fetch(`${receiver.origin}/__reset`);

  // Bounded in time: 200 events/s for 10 s (full) or 0.5 s (quick), after 2 s of warm-up at the
  // same rate (bench/load.ts warmUp): the p99 target is the sustained load's.
  const kinds: DbKind[] = skipExternal ? ["embedded"] : ["embedded", "external"];
  for (const kind of kinds) {
    const rateEvents = quick ? 100 : 2000;
    const limit = quick ? 30_000 : 120_000;
    await scenario(kind, {
      label: "200 ev/s × 5",
      events: rateEvents,
      endpoints: 5,
      rate: 200,
      slowEndpoints: 0,
      timeoutMs: limit,
      idleWaitMs: quick ? 500 : 10_000,
    });
    await scenario(kind, {
      label: "full speed × 10",
      events: quick ? 100 : 800,
      endpoints: 10,
      rate: 0,
      slowEndpoints: 0,
      timeoutMs: limit,
      idleWaitMs: quick ? 500 : 5000,
    });
    if (!quick) {
      await scenario(kind, {
        label: "5 ev/s × 5 (below capacity)",
        events: 100,
        endpoints: 5,
        rate: 5,
        slowEndpoints: 0,
        timeoutMs: 60_000,
        idleWaitMs: 1000,
      });
    }
  }
  if (!quick) {
    // The same fixed-rate run with more deliveries in flight per endpoint: with 5 endpoints the
    // default 5 slots each, not the CPU, bound the throughput (docs/performance.md).
    report.e2e.push(
      await e2e(
        "external",
        {
          label: "200 ev/s × 5, 20 per endpoint",
          events: 2000,
          endpoints: 5,
          rate: 200,
          slowEndpoints: 0,
          timeoutMs: 120_000,
          idleWaitMs: 5000,
        },
        receiver.origin,
        { WEBHOOK_ENDPOINT_CONCURRENCY: "20" },
      ),
    );
  }
  if (compareCheckpointing) {
    report.e2e.push(
      await e2e(
        "external",
        {
          label: "200 ev/s × 5, checkpointing off",
          events: 2000,
          endpoints: 5,
          rate: 200,
          slowEndpoints: 0,
          timeoutMs: 120_000,
          idleWaitMs: 1000,
        },
        receiver.origin,
        { ENGINE_CHECKPOINTING: "false" },
      ),
    );
  }

  if (!quick) {
    // Below the engine's capacity on this machine, so queueing does not hide the effect.
    const fair = { events: 40, endpoints: 10, rate: 3, timeoutMs: 60_000, idleWaitMs: 0 };
    const baseline = await e2e(
      "external",
      { ...fair, endpoints: 9, label: "fairness baseline (9 fast, no slow one)", slowEndpoints: 0 },
      receiver.origin,
    );
    const withSlow = await e2e(
      "external",
      { ...fair, label: "fairness (1 slow at 10 s + 9 fast)", slowEndpoints: 1 },
      receiver.origin,
    );
    report.fairness = { baseline, withSlow };
  }

  if (!skipLog) report.log = await logAtScale();
} finally {
  receiver.child.kill();
  await scratch?.destroy();
}

report.machine.loadavgEnd = os.loadavg();
mkdirSync(path.join(import.meta.dirname, "results"), { recursive: true });
const file = path.join(import.meta.dirname, "results", `${report.date.replace(/[:.]/g, "-")}.json`);
writeFileSync(file, JSON.stringify(report, null, 2));
printReport(report);
log(`results: ${path.relative(process.cwd(), file)}`);
process.exit(0);
