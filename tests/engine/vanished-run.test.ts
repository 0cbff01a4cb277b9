import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/lib/inngest/client.ts";
import { createFunctions } from "@/inngest/functions/index.ts";
import type { Engine } from "@/lib/engine/engine.ts";
import { newId } from "@/lib/ids.ts";
import { retryDelivery } from "@/lib/webhooks/retry-deliveries.ts";
import { startReceiver, type Receiver } from "../support/receiver.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { addDelivery, addWebhook, createAgency } from "../webhooks/support/fixtures.ts";
import { startTestEngine, tickCron } from "./engine-harness.ts";

// Defect 7's last part: a delivery whose run vanished without failing (here: no run ever
// started for it, or its run row was deleted) has no onFailure to mark it and stayed `pending`
// forever. The relay-outbox tick now fails it after a day of silence, with the reason, and
// leaves alone every delivery that something may still drive.

const DAY = 86_400_000;

describe("a delivery whose run vanished", () => {
  let database: TestDatabase;
  let engine: Engine;
  let rx: Receiver;
  beforeAll(async () => {
    database = await createTestDatabase();
    rx = await startReceiver();
    engine = await startTestEngine(
      database.prisma,
      createFunctions({ prisma: async () => database.prisma, delivery: { allowPrivateUrls: true, timeoutMs: 3000 } }),
    );
  });
  afterAll(async () => {
    await engine?.stop();
    await rx?.close();
    await database?.drop();
  });

  const tick = (n: number) => tickCron(database.prisma, "relay-outbox", n, 15_000);

  it("is marked failed after a day with nothing driving it, and Retry sends it", async () => {
    const agencyId = await createAgency(database.prisma);
    const hook = await addWebhook(database.prisma, agencyId, { url: rx.url });
    const old = new Date(Date.now() - 2 * DAY);
    const age = (id: string, extra: { nextAttemptAt?: Date } = {}) =>
      database.prisma.delivery.update({ where: { id }, data: { createdAt: old, updatedAt: old, ...extra } });

    // Vanished: no run ever started (the event never reached a delivery run).
    const neverRan = (await addDelivery(database.prisma, agencyId, hook.id)).deliveryId;
    // Vanished: its run row was deleted.
    const deletedRun = (await addDelivery(database.prisma, agencyId, hook.id)).deliveryId;
    const runId = newId("run");
    await database.prisma.engineRun.create({
      data: {
        id: runId,
        functionId: `${inngest.id}-deliver-webhook`,
        status: "queued",
        wakeAt: new Date(Date.now() + DAY),
        event: { name: "webhooks/delivery.retry", data: { deliveryId: deletedRun, agencyId, webhookId: hook.id } },
      },
    });
    // Still driven: a queued run names it (the embedded engine back after days of downtime).
    const queued = (await addDelivery(database.prisma, agencyId, hook.id)).deliveryId;
    await database.prisma.engineRun.create({
      data: {
        id: newId("run"),
        functionId: `${inngest.id}-deliver-webhook`,
        status: "queued",
        wakeAt: new Date(Date.now() + DAY),
        event: { name: "webhooks/delivery.retry", data: { deliveryId: queued, agencyId, webhookId: hook.id } },
      },
    });
    // Still driven: its event waits as an open batch item (batchEvents), not a run. (Of a function
    // this engine does not serve, so that no claim takes it meanwhile.)
    const waiting = (await addDelivery(database.prisma, agencyId, hook.id)).deliveryId;
    await database.prisma.engineBatchItem.create({
      data: {
        functionId: `${inngest.id}-served-elsewhere`,
        eventId: newId("evt"),
        batchKey: hook.id,
        event: { name: "webhooks/delivery.created", data: { deliveryId: waiting, agencyId, webhookId: hook.id } },
      },
    });
    // Still in its schedule: its next attempt is due in an hour; and one only an hour old.
    const scheduled = (await addDelivery(database.prisma, agencyId, hook.id)).deliveryId;
    const recent = (await addDelivery(database.prisma, agencyId, hook.id)).deliveryId;
    // Their events reached the engine (dispatched): the outbox relay has nothing to send again.
    await database.prisma.event.updateMany({ where: { agencyId }, data: { dispatchedAt: old } });
    for (const id of [neverRan, deletedRun, queued, waiting]) await age(id);
    await age(scheduled, { nextAttemptAt: new Date(Date.now() + 3_600_000) });
    await database.prisma.delivery.update({
      where: { id: recent },
      data: { createdAt: new Date(Date.now() - 3_600_000), updatedAt: new Date(Date.now() - 3_600_000) },
    });

    const statuses = async () =>
      Object.fromEntries(
        (
          await database.prisma.delivery.findMany({
            where: { id: { in: [neverRan, deletedRun, queued, waiting, scheduled, recent] } },
            select: { id: true, status: true },
          })
        ).map((d) => [d.id, d.status]),
      );

    // While the deleted run still exists, it is being driven: nothing to do.
    const first = await tick(1);
    expect(first.output).toEqual({ relayed: 0, stalledDeliveriesFailed: 1 });
    expect(await statuses()).toEqual({
      [neverRan]: "failed",
      [deletedRun]: "pending",
      [queued]: "pending",
      [waiting]: "pending",
      [scheduled]: "pending",
      [recent]: "pending",
    });

    await database.prisma.engineRun.delete({ where: { id: runId } });
    const second = await tick(2);
    expect(second.output).toEqual({ relayed: 0, stalledDeliveriesFailed: 1 });
    expect((await statuses())[deletedRun]).toBe("failed");
    expect((await statuses())[waiting]).toBe("pending");
    expect(await database.prisma.engineStep.count({ where: { runId: second.id } })).toBe(1);

    const marked = await database.prisma.delivery.findUniqueOrThrow({ where: { id: neverRan } });
    expect(marked).toMatchObject({ status: "failed", lastErrorClass: "run_failed" });
    expect(marked.failureReason).toMatch(/run vanished/);
    expect(marked.completedAt).not.toBeNull();
    // Retry works on it like on any failed delivery.
    const retried = await retryDelivery(database.prisma, { agencyId, deliveryId: neverRan, allowPrivateUrls: true });
    expect(retried).toMatchObject({ deliveryStatus: "succeeded" });
    expect(rx.requests).toHaveLength(1);

    // Nothing stalled any more: an idle tick costs no step.
    const idle = await tick(3);
    expect(idle.output).toEqual({ relayed: 0, stalledDeliveriesFailed: 0 });
    expect(await database.prisma.engineStep.count({ where: { runId: idle.id } })).toBe(0);
  });
});
