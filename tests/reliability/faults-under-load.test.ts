// Faults under load, the in-suite size of `npm run soak`: 100 events × 3 endpoints whose
// receivers fail 30 % of requests at random (500, stalls past the timeout, resets) and stop
// listening on a seconds schedule (refused), through emitEvent and the embedded engine on a
// real PostgreSQL database. Every (event, endpoint) must be delivered, the log must agree
// with the receivers, and a duplicate may only repeat the same event ID.
process.env.WEBHOOK_RETRY_SCHEDULE = "1s,1s,1s,2s,2s,2s,2s,2s,2s,2s,2s,2s";
process.env.WEBHOOK_RETRY_JITTER = "0.2";
process.env.WEBHOOK_TIMEOUT_MS = "1000";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfig } from "@/lib/config/index.ts";
import { useDatabase } from "@/lib/db/index.ts";
import { startEmbeddedEngine, stopEmbeddedEngine } from "@/lib/engine/start.ts";
import { embeddedServeHandler } from "@/inngest/serve.ts";
import { openDatabase, type Database } from "@/lib/db/open-database.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { formatReport, runSoak } from "../../scripts/reliability/soak-run.ts";

let created: TestDatabase;
let db: Database;

beforeAll(async () => {
  resetConfig();
  created = await createTestDatabase();
  // The app's own pool size (DATABASE_POOL_SIZE default), not the test helper's small one.
  db = await openDatabase({ url: created.url, poolSize: 10, migrate: false });
  useDatabase(db);
  await startEmbeddedEngine(embeddedServeHandler);
});

afterAll(async () => {
  await stopEmbeddedEngine();
  await db?.close();
  await created?.drop();
});

describe("faults under load", () => {
  it(
    "delivers every (event, endpoint) despite 30 % random faults and refused connections",
    { timeout: 180_000 },
    async () => {
      const seed = Number(process.env.SOAK_SEED ?? Date.now() % 1_000_000);
      const report = await runSoak(db.prisma, {
        events: 100,
        endpoints: 3,
        faultRate: 0.3,
        senderTimeoutMs: 1000,
        refusedEveryMs: 4000,
        refusedForMs: 1000,
        seed,
        settleTimeoutMs: 120_000,
        emitConcurrency: 4,
      });
      console.log(formatReport(report));
      expect(report.problems).toEqual([]);
      expect(report.lost).toBe(0);
      expect(report.succeeded).toBe(300);
      // The faults really happened, and were retried through.
      expect(
        report.faultsInjected.http_500 + report.faultsInjected.timeout + report.faultsInjected.reset,
      ).toBeGreaterThan(50);
      expect(report.faultsInjected.refused_windows).toBeGreaterThan(0);
      expect(report.retries).toBeGreaterThan(50);
      // Nothing left behind in the engine.
      expect(await db.prisma.engineRun.count({ where: { status: { in: ["queued", "running", "failed"] } } })).toBe(0);
      expect(await db.prisma.engineBatchItem.count({ where: { batchRunId: null } })).toBe(0);
    },
  );
});
