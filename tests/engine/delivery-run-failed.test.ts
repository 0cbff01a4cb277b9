import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFunctions } from "@/inngest/functions/index.ts";
import type { PrismaClient } from "@/lib/db/index.ts";
import { retryDelivery } from "@/lib/webhooks/retry-deliveries.ts";
import { startReceiver, type Receiver } from "../support/receiver.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { addDelivery, addWebhook, createAgency } from "../webhooks/support/fixtures.ts";
import { finishedRun, startTestEngine } from "./engine-harness.ts";

// Defect 7's second half: a delivery whose run failed for good (here: the database is
// unreachable for every try of the attempt step) stayed `pending` forever, never purged,
// never retried. Written against the engine before the fix, where it stayed pending.

describe("a delivery whose run fails for good", () => {
  let database: TestDatabase;
  let rx: Receiver;
  beforeAll(async () => {
    database = await createTestDatabase();
    rx = await startReceiver();
  });
  afterAll(async () => {
    await rx.close();
    await database?.drop();
  });

  it("is marked failed with the run's error, shown in the log, and can be retried", async () => {
    const agencyId = await createAgency(database.prisma);
    const hook = await addWebhook(database.prisma, agencyId, { url: rx.url });
    const { deliveryId } = await addDelivery(database.prisma, agencyId, hook.id);
    // An outage as the attempt step sees it: its database call fails on every try (1 + 3 retries).
    let calls = 0;
    const prisma = async (): Promise<PrismaClient> => {
      if (++calls <= 4) throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
      return database.prisma;
    };
    const functions = createFunctions({ prisma, delivery: { allowPrivateUrls: true, timeoutMs: 1000 } });
    const engine = await startTestEngine(database.prisma, functions);
    try {
      await engine.send([
        { name: "webhooks/delivery.created", id: deliveryId, data: { deliveryId, agencyId, webhookId: hook.id } },
      ]);
      const [run] = await finishedRun(database.prisma, "deliver-webhooks", 1, 20_000);
      expect(run.status).toBe("failed");
      await finishedRun(database.prisma, "deliver-webhooks-failure", 1, 20_000);
      const delivery = await database.prisma.delivery.findUniqueOrThrow({ where: { id: deliveryId } });
      expect(delivery).toMatchObject({ status: "failed", lastErrorClass: "run_failed" });
      expect(delivery.failureReason).toContain("ECONNREFUSED");
      expect(rx.requests).toHaveLength(0);
      // Retry works on it like on any failed delivery.
      const retried = await retryDelivery(database.prisma, { agencyId, deliveryId, allowPrivateUrls: true });
      expect(retried).toMatchObject({ deliveryStatus: "succeeded" });
      expect(rx.requests).toHaveLength(1);
    } finally {
      await engine.stop();
    }
  });
});
