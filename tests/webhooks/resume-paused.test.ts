// Enabling an endpoint resumes every delivery parked while it was disabled, however many: one
// statement flips them, and their runs start in sends of at most 5,000 events (Inngest's limit,
// which the embedded engine enforces too). Real engine, real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/lib/inngest/client.ts";
import { deliveryCreated } from "@/lib/inngest/events.ts";
import type { Engine } from "@/lib/engine/engine.ts";
import { newId } from "@/lib/ids.ts";
import { setWebhookEnabled } from "@/lib/webhooks/webhook-status.ts";
import { LIMITS } from "@/lib/engine/limits.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { startTestEngine } from "../engine/engine-harness.ts";
import { addEvent, addWebhook, createAgency } from "./support/fixtures.ts";

// Stands in for the delivery functions: the test counts the runs' events, not what they send.
const started = inngest.createFunction(
  {
    id: "t-resumed-deliveries",
    triggers: [deliveryCreated],
    batchEvents: { maxSize: 1_000, timeout: "1s" },
  },
  async ({ events }) => events.length,
);

describe("enabling an endpoint with more paused deliveries than one send holds", () => {
  let database: TestDatabase;
  let engine: Engine;
  beforeAll(async () => {
    database = await createTestDatabase();
    engine = await startTestEngine(database.prisma, [started]);
  });
  afterAll(async () => {
    await engine?.stop();
    await database?.drop();
  });

  it("resumes all 5,001, each queued once, though two admins click Enable at the same moment", async () => {
    const prisma = database.prisma;
    const agencyId = await createAgency(prisma);
    const hook = await addWebhook(prisma, agencyId, { url: "https://receiver.example/hook" });
    const eventId = await addEvent(prisma, agencyId);
    await setWebhookEnabled(prisma, { agencyId, webhookId: hook.id, enabled: false });
    const count = LIMITS.eventsPerSend + 1;
    const ids = Array.from({ length: count }, () => newId("dlv"));
    await prisma.delivery.createMany({
      data: ids.map((id, i) => ({
        id,
        agencyId,
        webhookId: hook.id,
        eventId,
        eventType: "invoice.paid",
        status: "paused" as const,
        resendSeq: i,
      })),
    });

    const [a, b] = await Promise.all(
      [1, 2].map(() => setWebhookEnabled(prisma, { agencyId, webhookId: hook.id, enabled: true })),
    );
    expect(a.resumed + b.resumed).toBe(count);
    expect(await prisma.delivery.count({ where: { webhookId: hook.id, status: "pending" } })).toBe(count);
    const queued = await prisma.engineEvent.findMany({ where: { name: deliveryCreated.name }, select: { data: true } });
    const queuedIds = queued.map((e) => (e.data as { deliveryId: string }).deliveryId);
    expect(queuedIds.length).toBe(count);
    expect(new Set(queuedIds)).toEqual(new Set(ids));
  });
});
