// npm run soak [-- --events 2000 --endpoints 3 --fault-rate 0.3 --seed 42]
// Faults under load: emits events through emitEvent into a fresh PostgreSQL database
// (TEST_DATABASE_URL's server) while embedded engines in two processes (this one and
// scripts/reliability/engine-worker.ts; --engines 1 for one) deliver them to receivers on
// 127.0.0.1 that fail at random (500, stalls past the timeout, resets) and stop listening
// on a seconds schedule (refused). Prints the summary; exits 1 if anything was lost or the
// log disagrees with the receivers. docs/reliability.md has the figures of a reference run.
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "2000" },
    endpoints: { type: "string", default: "3" },
    "fault-rate": { type: "string", default: "0.3" },
    seed: { type: "string" },
    "pool-size": { type: "string", default: "10" },
    engines: { type: "string", default: "2" },
  },
});

// The retry schedule in seconds (13 attempts, so a delivery is not given up on by bad luck:
// 0.3^13 ≈ 1.6e-7), a short timeout so stalls count as timeouts quickly.
process.env.WEBHOOK_RETRY_SCHEDULE ??= "1s,1s,1s,2s,2s,2s,2s,2s,2s,2s,2s,2s";
process.env.WEBHOOK_RETRY_JITTER ??= "0.2";
process.env.WEBHOOK_TIMEOUT_MS ??= "1000";
process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "true";
process.env.DATA_DIR ??= ".data-soak";

const { spawn } = await import("node:child_process");
const { createScratchDatabase } = await import("./reliability/scratch-database.ts");
const created = await createScratchDatabase();
// Every process (this one, the engine worker) uses the scratch database, the engines with a
// pool of their own.
process.env.DATABASE_URL = created.url;
process.env.DATABASE_POOL_SIZE = values["pool-size"];

const { prepareLocalSecrets } = await import("@/lib/config/index.ts");
prepareLocalSecrets();
const { getDatabase } = await import("@/lib/db/index.ts");
const { startEmbeddedEngine, stopEmbeddedEngine } = await import("@/lib/engine/start.ts");
const { embeddedServeHandler } = await import("@/inngest/serve.ts");
const { formatReport, runSoak } = await import("./reliability/soak-run.ts");

// Deadlocks and serialization failures the engines logged (each was retried; counted anyway).
let deadlocks = 0;
const countDeadlocks = (text: string) => (deadlocks += (text.match(/40P01|40001|deadlock detected/g) ?? []).length);
for (const level of ["error", "warn"] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    countDeadlocks(args.map(String).join(" "));
    original(...args);
  };
}

const seed = Number(values.seed ?? Date.now() % 1_000_000);
const database = await getDatabase();
const shown = new URL(created.url);
if (shown.password) shown.password = "***";
console.log(`soak: database ${shown}, seed ${seed}, ${values.engines} engine process(es)`);
const started = Date.now();
let exitCode = 1;
const workers: import("node:child_process").ChildProcess[] = [];
try {
  for (let i = 1; i < Number(values.engines); i++) {
    const worker = spawn(process.execPath, ["--import", "tsx", "scripts/reliability/engine-worker.ts"], {
      env: process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    worker.stdout?.on("data", (d) => countDeadlocks(String(d)));
    worker.stderr?.on("data", (d) => (countDeadlocks(String(d)), process.stderr.write(`[worker] ${d}`)));
    await new Promise<void>((resolve, reject) => {
      worker.stdout?.on("data", (d) => String(d).includes("engine worker ready") && resolve());
      worker.once("exit", (code) => reject(new Error(`engine worker exited (${code})`)));
    });
    workers.push(worker);
  }
  await startEmbeddedEngine(embeddedServeHandler);
  const events = Number(values.events);
  const report = await runSoak(database.prisma, {
    events,
    endpoints: Number(values.endpoints),
    faultRate: Number(values["fault-rate"]),
    senderTimeoutMs: 1000,
    refusedEveryMs: 4000,
    refusedForMs: 1000,
    seed,
    settleTimeoutMs: Math.max(300_000, events * 1000),
    emitConcurrency: 8,
    progress: (line) => console.log(`soak: ${line}`),
  });
  // Runs not finished, and batched events (batchEvents) no batch took.
  const leftover =
    (await database.prisma.engineRun.count({ where: { status: { in: ["queued", "running", "failed"] } } })) +
    (await database.prisma.engineBatchItem.count({ where: { batchRunId: null } }));
  const byProcess = await database.prisma.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM engine_runs WHERE status = 'completed'`,
  );
  console.log(
    `\n${formatReport(report)}\nengine runs left queued, running or failed, and batch items left open: ${leftover}\nengine runs completed: ${byProcess[0]?.n}\ndeadlocks or serialization failures logged: ${deadlocks}\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  exitCode = report.problems.length === 0 && report.lost === 0 && leftover === 0 && deadlocks === 0 ? 0 : 1;
} finally {
  for (const w of workers) {
    w.kill("SIGTERM");
    await new Promise((r) => w.once("exit", r));
  }
  await stopEmbeddedEngine();
  await database.close();
  await created.drop();
}
process.exit(exitCode);
