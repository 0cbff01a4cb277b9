// npm run soak [-- --events 2000 --endpoints 3 --fault-rate 0.3 --seed 42]
// Faults under load: emits events through emitEvent into a fresh PostgreSQL database
// (TEST_DATABASE_URL's server) while the embedded engine delivers them to receivers on
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
  },
});

// The retry schedule in seconds (13 attempts, so a delivery is not given up on by bad luck:
// 0.3^13 ≈ 1.6e-7), a short timeout so stalls count as timeouts quickly.
process.env.WEBHOOK_RETRY_SCHEDULE ??= "1s,1s,1s,2s,2s,2s,2s,2s,2s,2s,2s,2s";
process.env.WEBHOOK_RETRY_JITTER ??= "0.2";
process.env.WEBHOOK_TIMEOUT_MS ??= "1000";
process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "true";
process.env.DATA_DIR ??= ".data-soak";

const { prepareLocalSecrets } = await import("@/lib/config/index.ts");
prepareLocalSecrets();
const { useDatabase: attachDatabase } = await import("@/lib/db/index.ts");
const { openDatabase } = await import("@/lib/db/open-database.ts");
const { startEmbeddedEngine, stopEmbeddedEngine } = await import("@/lib/engine/start.ts");
const { embeddedServeHandler } = await import("@/inngest/serve.ts");
const { createTestDatabase } = await import("../tests/support/test-database.ts");
const { formatReport, runSoak } = await import("../tests/reliability/soak-run.ts");

const seed = Number(values.seed ?? Date.now() % 1_000_000);
const created = await createTestDatabase("postgres");
const database = await openDatabase({ url: created.url, poolSize: Number(values["pool-size"]), migrate: false });
attachDatabase(database);
console.log(`soak: database ${created.url}, seed ${seed}`);
const started = Date.now();
let exitCode = 1;
try {
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
  const leftover = await database.prisma.engineRun.count({
    where: { status: { in: ["queued", "running", "failed"] } },
  });
  console.log(
    `\n${formatReport(report)}\nengine runs left queued, running or failed: ${leftover}\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  exitCode = report.problems.length === 0 && report.lost === 0 && leftover === 0 ? 0 : 1;
} finally {
  await stopEmbeddedEngine();
  await database.close();
  await created.drop();
}
process.exit(exitCode);
