import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { deliveryRetry, eventCreated } from "@/lib/inngest/events.ts";
import { verifyWebhook } from "@agency-os/webhooks";
import { createDeliverWebhook } from "@/inngest/functions/deliver-webhook.ts";
import { createFanOutEvent } from "@/inngest/functions/fan-out-event.ts";
import { setWebhookEnabled } from "@/lib/webhooks/webhook-status.ts";
import type { QueueDeliveries } from "@/lib/webhooks/queue-deliveries.ts";
import { addDelivery, addEvent, addWebhook, createAgency } from "./support/fixtures.ts";
import { setUpThisFile } from "../support/file-setup.ts";

const fx = setUpThisFile();

const policy = { schedule: [200, 400], jitter: 0, maxRetryAfterMs: 1_500 };
const deps = () => ({
  prisma: async () => fx.db.prisma,
  delivery: { policy, timeoutMs: 2_000, allowPrivateUrls: true },
});
// @inngest/test does not time sleeps: each is mocked by its step ID, and we assert the durations
// asked for. A fresh array per run: the engine appends the steps it ran to the array it was given.
const sleeps = () => [1, 2, 3].map((n) => ({ id: `wait-${n}`, handler: () => undefined }));

async function runDelivery(agencyId: string, webhookId: string, deliveryId: string) {
  const t = new InngestTestEngine({ function: createDeliverWebhook(deps()), steps: sleeps() });
  return t.execute({ events: [{ name: deliveryRetry.name, data: { deliveryId, agencyId, webhookId } }] });
}

describe("deliver-webhook through @inngest/test (real step code)", () => {
  it("retries 500s by the schedule, one step per attempt, then records the delivery as failed", async () => {
    const agencyId = await createAgency(fx.db.prisma);
    const hook = await addWebhook(fx.db.prisma, agencyId, { url: fx.receiver.url });
    const { deliveryId, eventId } = await addDelivery(fx.db.prisma, agencyId, hook.id);
    const first = fx.receiver.requests.length;
    fx.receiver.respondWith({ status: 500, body: "down" }, { status: 500 }, { status: 500 });
    const { result, ctx } = await runDelivery(agencyId, hook.id, deliveryId);

    expect(result).toEqual({ deliveryId, outcome: "failed", attempts: 3 });
    expect(ctx.step.run).toHaveBeenCalledWith("attempt-1", expect.any(Function));
    expect(ctx.step.run).toHaveBeenCalledWith("attempt-3", expect.any(Function));
    expect(ctx.step.sleep).toHaveBeenCalledWith("wait-1", 200);
    expect(ctx.step.sleep).toHaveBeenCalledWith("wait-2", 400);
    expect(ctx.step.sleep).toHaveBeenCalledTimes(2);

    const got = fx.receiver.requests.slice(first);
    expect(got.map((r) => r.headers["x-aosai-attempt"])).toEqual(["1", "2", "3"]);
    expect(new Set(got.map((r) => r.headers["webhook-id"]))).toEqual(new Set([eventId]));
    expect(got.every((r) => r.headers["x-aosai-delivery"] === deliveryId)).toBe(true);
    for (const r of got)
      expect(verifyWebhook(r.headers, r.rawBody, hook.secret).id).toBe(r.headers["x-aosai-event-id"]);

    const delivery = await fx.db.prisma.delivery.findUniqueOrThrow({
      where: { id: deliveryId },
      include: { attempts: { orderBy: { number: "asc" } } },
    });
    expect(delivery).toMatchObject({
      status: "failed",
      attemptCount: 3,
      lastStatusCode: 500,
      lastErrorClass: "http_status",
      nextAttemptAt: null,
    });
    expect(delivery.completedAt).not.toBeNull();
    expect(delivery.attempts.map((a) => [a.number, a.trigger, a.responseStatus])).toEqual([
      [1, "auto", 500],
      [2, "auto", 500],
      [3, "auto", 500],
    ]);
    expect(delivery.attempts[0].responseBody).toBe("down");
    const webhook = await fx.db.prisma.webhook.findUniqueOrThrow({ where: { id: hook.id } });
    expect(webhook.failingSince).not.toBeNull();
    expect(webhook.status).toBe("active");
  });

  it("stops after the first success and clears the endpoint's failure streak", async () => {
    const agencyId = await createAgency(fx.db.prisma);
    const hook = await addWebhook(fx.db.prisma, agencyId, { url: fx.receiver.url });
    await fx.db.prisma.webhook.update({
      where: { id: hook.id },
      data: { failingSince: new Date(Date.now() - 3_600_000) },
    });
    const { deliveryId } = await addDelivery(fx.db.prisma, agencyId, hook.id);
    fx.receiver.respondWith({ status: 502 }, { status: 200, body: "ok" });
    const { result, ctx } = await runDelivery(agencyId, hook.id, deliveryId);
    expect(result).toEqual({ deliveryId, outcome: "succeeded", attempts: 2 });
    expect(ctx.step.sleep).toHaveBeenCalledTimes(1);
    const delivery = await fx.db.prisma.delivery.findUniqueOrThrow({ where: { id: deliveryId } });
    expect(delivery).toMatchObject({ status: "succeeded", attemptCount: 2, lastStatusCode: 200, lastErrorClass: null });
    expect((await fx.db.prisma.webhook.findUniqueOrThrow({ where: { id: hook.id } })).failingSince).toBeNull();
  });

  it("bounds a 429's Retry-After by maxRetryAfterMs", async () => {
    const agencyId = await createAgency(fx.db.prisma);
    const hook = await addWebhook(fx.db.prisma, agencyId, { url: fx.receiver.url });
    const { deliveryId } = await addDelivery(fx.db.prisma, agencyId, hook.id);
    fx.receiver.respondWith({ status: 429, headers: { "Retry-After": "3600" } }, { status: 200 });
    const { result, ctx } = await runDelivery(agencyId, hook.id, deliveryId);
    expect(result).toMatchObject({ outcome: "succeeded", attempts: 2 });
    expect(ctx.step.sleep).toHaveBeenCalledWith("wait-1", 1_500);
  });

  it("parks the delivery as paused when the endpoint is disabled, and sends nothing", async () => {
    const agencyId = await createAgency(fx.db.prisma);
    const hook = await addWebhook(fx.db.prisma, agencyId, { url: fx.receiver.url });
    const { deliveryId } = await addDelivery(fx.db.prisma, agencyId, hook.id);
    await setWebhookEnabled(fx.db.prisma, {
      agencyId,
      webhookId: hook.id,
      enabled: false,
      queue: async () => {},
    });
    const before = fx.receiver.requests.length;
    const { result } = await runDelivery(agencyId, hook.id, deliveryId);
    expect(result).toEqual({ deliveryId, outcome: "endpoint_disabled", attempts: 0 });
    expect(fx.receiver.requests.length).toBe(before);
    expect((await fx.db.prisma.delivery.findUniqueOrThrow({ where: { id: deliveryId } })).status).toBe("paused");
  });
});

describe("fan-out-event through @inngest/test", () => {
  it("creates one delivery per subscribed endpoint, queues the active ones with their ID as event id, holds a disabled one as paused", async () => {
    const agencyId = await createAgency(fx.db.prisma);
    const other = await createAgency(fx.db.prisma, "Other agency");
    const a = await addWebhook(fx.db.prisma, agencyId, {
      url: fx.receiver.url,
      events: ["invoice.paid", "client.created"],
    });
    const b = await addWebhook(fx.db.prisma, agencyId, { url: fx.receiver.url, events: ["invoice.paid"] });
    await addWebhook(fx.db.prisma, agencyId, { url: fx.receiver.url, events: ["client.created"] });
    const off = await addWebhook(fx.db.prisma, agencyId, { url: fx.receiver.url, events: ["invoice.paid"] });
    await setWebhookEnabled(fx.db.prisma, { agencyId, webhookId: off.id, enabled: false, queue: async () => {} });
    await addWebhook(fx.db.prisma, other, { url: fx.receiver.url, events: ["invoice.paid"] });
    const eventId = await addEvent(fx.db.prisma, agencyId, "invoice.paid");

    const queued: Parameters<QueueDeliveries>[0][] = [];
    const t = new InngestTestEngine({
      function: createFanOutEvent({ ...deps(), queueDeliveries: async (items) => void queued.push(items) }),
      events: [{ name: eventCreated.name, data: { eventId, agencyId } }],
    });
    const { result, ctx } = await t.execute();
    // No steps: the statement and the send are one execution (a re-run repeats both harmlessly).
    expect(ctx.step.run).not.toHaveBeenCalled();
    expect(ctx.step.sendEvent).not.toHaveBeenCalled();
    expect(result).toEqual({ eventId, deliveries: 2 });
    const all = await fx.db.prisma.delivery.findMany({ where: { eventId }, orderBy: { id: "asc" } });
    // The disabled endpoint's delivery waits as paused until the endpoint is enabled.
    expect(all.filter((r) => r.status === "paused").map((r) => r.webhookId)).toEqual([off.id]);
    const rows = all.filter((r) => r.status === "pending");
    expect(rows.map((r) => r.webhookId).sort()).toEqual([a.id, b.id].sort());
    // One send, each delivery's ID its event id (the engine drops a repeat of it).
    expect(queued).toEqual([rows.map((r) => ({ deliveryId: r.id, agencyId, webhookId: r.webhookId, eventKey: r.id }))]);
    expect((await fx.db.prisma.event.findFirstOrThrow({ where: { id: eventId } })).dispatchedAt).not.toBeNull();

    // A second run (event sent twice) creates nothing new: the database enforces one per (event, endpoint).
    // Still pending, the same two are queued again under the same event ids: no second run.
    const again = await t.execute();
    expect(again.result).toEqual({ eventId, deliveries: 2 });
    expect(await fx.db.prisma.delivery.count({ where: { eventId } })).toBe(3);
    expect(queued[1]).toEqual(queued[0]);
  });
});
