import { verifyWebhook } from "@agency-os/webhooks";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { attemptDelivery } from "@/lib/webhooks/attempt-delivery.ts";
import { createRetryJob, getRetryJob } from "@/lib/webhooks/recovery/retry-job.ts";
import { runRetryJobChunk } from "@/lib/webhooks/recovery/retry-job-chunk.ts";
import { retryDelivery } from "@/lib/webhooks/retry-deliveries.ts";
import { rotateSecret } from "@/lib/webhooks/rotate-secret.ts";
import { sendTestPayload } from "@/lib/webhooks/send-test-payload.ts";
import { revealSecret } from "@/lib/webhooks/webhook-repo.ts";
import { startReceiver } from "../support/receiver.ts";
import { addDelivery, addWebhook, createAgency } from "./support/fixtures.ts";
import { setUpThisFile } from "../support/file-setup.ts";

const fx = setUpThisFile();
const opts = { allowPrivateUrls: true, timeoutMs: 2_000 };
const prisma = () => fx.db.prisma;

describe("Test (send a sample to one endpoint)", () => {
  it("signs the sample like a real delivery, hits only that endpoint, and returns the response", async () => {
    const agencyId = await createAgency(prisma());
    const target = await addWebhook(prisma(), agencyId, { url: fx.receiver.url });
    const bystander = await startReceiver();
    await addWebhook(prisma(), agencyId, { url: bystander.url, events: ["invoice.paid"] });
    fx.receiver.respondWith({ status: 202, body: "queued", headers: { "X-Req": "7" } });
    const before = fx.receiver.requests.length;
    const result = await sendTestPayload(prisma(), {
      ...opts,
      agencyId,
      webhookId: target.id,
      eventType: "invoice.paid",
    });
    expect(result).toMatchObject({ ok: true, statusCode: 202, responseBody: "queued", deliveryStatus: "succeeded" });
    expect(result.responseHeaders?.["x-req"]).toBe("7");
    const got = fx.receiver.requests[before];
    expect(JSON.parse(got.body)).toMatchObject({ event: "invoice.paid", data: { invoice_number: "INV-2026-0042" } });
    expect(new StandardWebhook(target.secret).verify(got.body, got.headers)).toBeTruthy();
    expect(bystander.requests).toHaveLength(0);
    await bystander.close();
    const event = await prisma().event.findFirstOrThrow({ where: { id: got.headers["x-aosai-event-id"] } });
    expect(event).toMatchObject({ isTest: true });
    expect(event.dispatchedAt).not.toBeNull();
  });

  it("validates edited data against the event schema, naming the field", async () => {
    const agencyId = await createAgency(prisma());
    const hook = await addWebhook(prisma(), agencyId, { url: fx.receiver.url });
    const result = sendTestPayload(prisma(), {
      ...opts,
      agencyId,
      webhookId: hook.id,
      eventType: "invoice.paid",
      data: { id: 1 },
    });
    await expect(result).rejects.toThrow(
      expect.objectContaining({ code: "INVALID_INPUT", message: expect.stringContaining("data.invoice_number") }),
    );
  });

  it("a failing test does not count against the endpoint's health", async () => {
    const agencyId = await createAgency(prisma());
    const hook = await addWebhook(prisma(), agencyId, { url: fx.receiver.url });
    fx.receiver.respondWith({ status: 500 });
    const result = await sendTestPayload(prisma(), {
      ...opts,
      agencyId,
      webhookId: hook.id,
      eventType: "task.created",
    });
    expect(result).toMatchObject({ ok: false, statusCode: 500, deliveryStatus: "failed", retryInMs: null });
    expect((await prisma().webhook.findUniqueOrThrow({ where: { id: hook.id } })).failingSince).toBeNull();
  });
});

describe("manual retries", () => {
  it("Retry makes a new attempt now, numbered after the previous ones", async () => {
    const agencyId = await createAgency(prisma());
    const hook = await addWebhook(prisma(), agencyId, { url: fx.receiver.url });
    const { deliveryId } = await addDelivery(prisma(), agencyId, hook.id);
    fx.receiver.respondWith({ status: 500 });
    await attemptDelivery(prisma(), {
      ...opts,
      agencyId,
      deliveryId,
      trigger: "auto",
      autoAttempt: 1,
      policy: { schedule: [], jitter: 0, maxRetryAfterMs: 0 },
    });
    expect((await prisma().delivery.findUniqueOrThrow({ where: { id: deliveryId } })).status).toBe("failed");
    fx.receiver.respondWith({ status: 200 });
    const result = await retryDelivery(prisma(), { ...opts, agencyId, deliveryId });
    expect(result).toMatchObject({ kind: "attempted", ok: true, number: 2, deliveryStatus: "succeeded" });
    expect(fx.receiver.requests.at(-1)?.headers["x-aosai-attempt"]).toBe("2");
    const attempts = await prisma().deliveryAttempt.findMany({ where: { deliveryId }, orderBy: { number: "asc" } });
    expect(attempts.map((a) => a.trigger)).toEqual(["auto", "manual"]);
    // Another agency's delivery, or one of another webhook, answers like a missing one.
    const notFound = expect.objectContaining({ code: "NOT_FOUND" });
    const other = await createAgency(prisma());
    await expect(retryDelivery(prisma(), { ...opts, agencyId: other, deliveryId })).rejects.toThrow(notFound);
    await expect(retryDelivery(prisma(), { ...opts, agencyId, webhookId: "wh_other", deliveryId })).rejects.toThrow(
      notFound,
    );
  });

  it("Retry Failed re-attempts only failed deliveries of that endpoint in the time range", async () => {
    const agencyId = await createAgency(prisma());
    const hook = await addWebhook(prisma(), agencyId, { url: fx.receiver.url });
    const other = await addWebhook(prisma(), agencyId, { url: fx.receiver.url });
    const inRange = [await addDelivery(prisma(), agencyId, hook.id), await addDelivery(prisma(), agencyId, hook.id)];
    const old = await addDelivery(prisma(), agencyId, hook.id);
    const succeeded = await addDelivery(prisma(), agencyId, hook.id);
    const otherHook = await addDelivery(prisma(), agencyId, other.id);
    const ids = [...inRange, old, otherHook].map((d) => d.deliveryId);
    await prisma().delivery.updateMany({ where: { id: { in: ids } }, data: { status: "failed" } });
    await prisma().delivery.update({ where: { id: succeeded.deliveryId }, data: { status: "succeeded" } });
    await prisma().delivery.update({
      where: { id: old.deliveryId },
      data: { createdAt: new Date("2026-01-01T00:00:00Z") },
    });

    const before = fx.receiver.requests.length;
    fx.receiver.respondWith({ status: 200 }, { status: 500 });
    // The job's selection and one step of it, run here without the engine.
    const actor = { agencyId, userId: null, label: "Ada" };
    const job = await createRetryJob(prisma(), {
      actor,
      selection: { webhookId: hook.id, from: new Date(Date.now() - 3_600_000), to: new Date() },
    });
    expect(job.total).toBe(2);
    expect(await runRetryJobChunk(prisma(), { ...opts, agencyId, jobId: job.id, after: null })).toMatchObject({
      done: true,
      attempted: 2,
    });
    expect(await getRetryJob(prisma(), { agencyId, jobId: job.id })).toMatchObject({
      total: 2,
      processed: 2,
      succeeded: 1,
      failed: 1,
      skipped: 0,
    });
    expect(new Set(fx.receiver.requests.slice(before).map((r) => r.headers["x-aosai-delivery"]))).toEqual(
      new Set(inRange.map((d) => d.deliveryId)),
    );
    const statuses = await prisma().delivery.findMany({
      where: { id: { in: inRange.map((d) => d.deliveryId) } },
      select: { status: true },
    });
    expect(statuses.map((s) => s.status).sort()).toEqual(["failed", "succeeded"]);
  });
});

describe("secret rotation", () => {
  it("signs with both secrets for the overlap, then only the new one", async () => {
    const agencyId = await createAgency(prisma());
    const hook = await addWebhook(prisma(), agencyId, { url: fx.receiver.url });
    const rotated = await rotateSecret(prisma(), { agencyId, webhookId: hook.id });
    expect(rotated?.secret).not.toBe(hook.secret);
    expect(rotated!.previousValidUntil.getTime() - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect(await revealSecret(prisma(), { agencyId, webhookId: hook.id })).toBe(rotated!.secret);

    await sendTestPayload(prisma(), { ...opts, agencyId, webhookId: hook.id, eventType: "invoice.paid" });
    const during = fx.receiver.requests.at(-1)!;
    expect(during.headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(new StandardWebhook(hook.secret).verify(during.body, during.headers)).toBeTruthy();
    expect(new StandardWebhook(rotated!.secret).verify(during.body, during.headers)).toBeTruthy();
    expect(verifyWebhook(during.headers, during.body, hook.secret).event).toBe("invoice.paid");

    await prisma().webhook.update({
      where: { id: hook.id },
      data: { previousSecretUntil: new Date(Date.now() - 1000) },
    });
    await sendTestPayload(prisma(), { ...opts, agencyId, webhookId: hook.id, eventType: "invoice.paid" });
    const after = fx.receiver.requests.at(-1)!;
    expect(after.headers["webhook-signature"].split(" ")).toHaveLength(1);
    expect(after.headers["x-aosai-signature-previous"]).toBeUndefined();
    expect(() => new StandardWebhook(hook.secret).verify(after.body, after.headers)).toThrow();
    expect(new StandardWebhook(rotated!.secret).verify(after.body, after.headers)).toBeTruthy();
  });
});
