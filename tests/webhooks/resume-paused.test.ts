// Enabling an endpoint resumes every delivery parked while it was disabled, however many: one
// statement flips them, and their runs start in sends of at most 5,000 events (Inngest's limit,
// which the embedded engine enforces too). Real engine, real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/lib/inngest/client.ts";
import { deliveryCreated } from "@/lib/inngest/events.ts";
import type { Engine } from "@/lib/engine/engine.ts";
import { newId } from "@/lib/ids.ts";
import { setWebhookEnabled } from "@/lib/webhooks/webhook-status.ts";
import { QueueDeliveriesError, queueDeliveriesWithInngest } from "@/lib/webhooks/queue-deliveries.ts";
import { AppError } from "@/lib/errors/app-error.ts";
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

  async function pausedEndpoint(count: number) {
    const prisma = database.prisma;
    const agencyId = await createAgency(prisma);
    const hook = await addWebhook(prisma, agencyId, { url: "https://receiver.example/hook" });
    const eventId = await addEvent(prisma, agencyId);
    await setWebhookEnabled(prisma, { agencyId, webhookId: hook.id, enabled: false });
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
    return { agencyId, webhookId: hook.id, ids };
  }

  const queuedFor = async (webhookId: string) =>
    (await database.prisma.engineEvent.findMany({ where: { name: deliveryCreated.name }, select: { data: true } }))
      .map((e) => e.data as { deliveryId: string; webhookId: string })
      .filter((d) => d.webhookId === webhookId)
      .map((d) => d.deliveryId);

  it("resumes all 5,001, each queued once, though two admins click Enable at the same moment", async () => {
    const prisma = database.prisma;
    const count = LIMITS.eventsPerSend + 1;
    const { agencyId, webhookId, ids } = await pausedEndpoint(count);

    const [a, b] = await Promise.all(
      [1, 2].map(() => setWebhookEnabled(prisma, { agencyId, webhookId, enabled: true })),
    );
    expect(a.resumed + b.resumed).toBe(count);
    expect(await prisma.delivery.count({ where: { webhookId, status: "pending" } })).toBe(count);
    const queuedIds = await queuedFor(webhookId);
    expect(queuedIds.length).toBe(count);
    expect(new Set(queuedIds)).toEqual(new Set(ids));
  });

  it("leaves the endpoint disabled and the unqueued deliveries paused when a send fails part-way, and the next Enable resumes them", async () => {
    const prisma = database.prisma;
    const count = LIMITS.eventsPerSend + 1;
    const { agencyId, webhookId, ids } = await pausedEndpoint(count);
    const before = await prisma.webhook.findUniqueOrThrow({ where: { id: webhookId } });

    // The real send of the first 5,000, then the engine refusing the second send: an item the
    // event's schema rejects makes queueDeliveriesWithInngest fail after its first chunk went out.
    const failing = (items: Parameters<typeof queueDeliveriesWithInngest>[0]) =>
      queueDeliveriesWithInngest(
        items.map((item, i) => (i === LIMITS.eventsPerSend ? { ...item, deliveryId: "" } : item)),
      );
    const error = await setWebhookEnabled(prisma, { agencyId, webhookId, enabled: true, queue: failing }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "UNAVAILABLE" });
    expect((error as Error).message).toMatch(/Try Enable again/);

    const after = await prisma.webhook.findUniqueOrThrow({ where: { id: webhookId } });
    expect({ status: after.status, disabledAt: after.disabledAt }).toEqual({
      status: "disabled",
      disabledAt: before.disabledAt,
    });
    const queuedIds = await queuedFor(webhookId);
    expect(queuedIds).toHaveLength(LIMITS.eventsPerSend);
    // Queued ones stay pending (their runs park them on the disabled endpoint); the rest paused.
    const paused = await prisma.delivery.findMany({ where: { webhookId, status: "paused" }, select: { id: true } });
    expect(paused.map((d) => d.id)).toEqual([ids[LIMITS.eventsPerSend]]);

    // Enable again, with the engine answering: the one left is resumed and queued.
    const again = await setWebhookEnabled(prisma, { agencyId, webhookId, enabled: true });
    expect(again.resumed).toBe(1);
    expect(again.webhook.status).toBe("active");
    expect(await queuedFor(webhookId)).toContain(ids[LIMITS.eventsPerSend]);
  });

  it("reports how many deliveries a failing send queued before it failed", async () => {
    const items = [
      { deliveryId: "dlv_a", agencyId: "agc_x", webhookId: "whk_x", eventKey: `k-${newId("evt")}` },
      { deliveryId: "", agencyId: "agc_x", webhookId: "whk_x", eventKey: `k-${newId("evt")}` },
    ];
    const error = await queueDeliveriesWithInngest(items).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueDeliveriesError);
    expect((error as QueueDeliveriesError).queued).toBe(0);
  });
});
