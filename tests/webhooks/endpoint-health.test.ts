import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { createPurgeDeliveryLogs } from "@/inngest/functions/purge-delivery-logs.ts";
import type { RetryJobStatus } from "@/lib/db/generated/client.ts";
import { newId } from "@/lib/ids.ts";
import { autoDisableFailingWebhooks } from "@/lib/webhooks/webhook-status.ts";
import { attemptDelivery } from "@/lib/webhooks/attempt-delivery.ts";
import { purgeOldDeliveries } from "@/lib/webhooks/purge-old-deliveries.ts";
import { retryDelivery } from "@/lib/webhooks/retry-deliveries.ts";
import { addDelivery, addWebhook, createAgency } from "./support/fixtures.ts";
import { setUpThisFile } from "../support/file-setup.ts";

const fx = setUpThisFile();
const opts = { allowPrivateUrls: true, timeoutMs: 2_000 };
const prisma = () => fx.db.prisma;

describe("automatic disabling and retention", () => {
  it("an attempt that fails after 5 days of failures pauses the endpoint with a reason", async () => {
    const agencyId = await createAgency(prisma());
    const hook = await addWebhook(prisma(), agencyId, { url: fx.receiver.url });
    const sixDaysAgo = new Date(Date.now() - 6 * 86_400_000);
    await prisma().webhook.update({ where: { id: hook.id }, data: { failingSince: sixDaysAgo } });
    const { deliveryId } = await addDelivery(prisma(), agencyId, hook.id);
    fx.receiver.respondWith({ status: 500 });
    const result = await attemptDelivery(prisma(), {
      ...opts,
      agencyId,
      deliveryId,
      trigger: "auto",
      autoAttempt: 1,
      policy: { schedule: [60_000], jitter: 0, maxRetryAfterMs: 0 },
    });
    expect(result).toMatchObject({
      kind: "attempted",
      ok: false,
      endpointDisabledReason: expect.stringContaining("failed since"),
    });
    const webhook = await prisma().webhook.findUniqueOrThrow({ where: { id: hook.id } });
    expect(webhook.status).toBe("auto_disabled");
    expect(webhook.disabledReason).toContain(sixDaysAgo.toISOString().slice(0, 19));
  });

  it("the sweep disables endpoints failing longer than the limit, and only those", async () => {
    const agencyId = await createAgency(prisma());
    const failing = await addWebhook(prisma(), agencyId, { url: fx.receiver.url });
    const recent = await addWebhook(prisma(), agencyId, { url: fx.receiver.url });
    await prisma().webhook.update({
      where: { id: failing.id },
      data: { failingSince: new Date(Date.now() - 5 * 86_400_000 - 60_000) },
    });
    await prisma().webhook.update({
      where: { id: recent.id },
      data: { failingSince: new Date(Date.now() - 86_400_000) },
    });
    expect(await autoDisableFailingWebhooks(prisma(), { afterMs: 5 * 86_400_000 })).toBeGreaterThanOrEqual(1);
    expect((await prisma().webhook.findUniqueOrThrow({ where: { id: failing.id } })).status).toBe("auto_disabled");
    expect((await prisma().webhook.findUniqueOrThrow({ where: { id: recent.id } })).status).toBe("active");
  });

  it("retention removes old finished deliveries with their attempts, keeping recent and pending ones", async () => {
    const agencyId = await createAgency(prisma());
    const hook = await addWebhook(prisma(), agencyId, { url: fx.receiver.url });
    const oldDone = await addDelivery(prisma(), agencyId, hook.id);
    const oldPending = await addDelivery(prisma(), agencyId, hook.id);
    const fresh = await addDelivery(prisma(), agencyId, hook.id);
    await retryDelivery(prisma(), { ...opts, agencyId, deliveryId: oldDone.deliveryId });
    const longAgo = new Date(Date.now() - 31 * 86_400_000);
    await prisma().delivery.updateMany({
      where: { id: { in: [oldDone.deliveryId, oldPending.deliveryId] } },
      data: { createdAt: longAgo },
    });
    await prisma().event.updateMany({
      where: { id: oldDone.eventId },
      data: { createdAt: longAgo, dispatchedAt: longAgo },
    });
    const purged = await purgeOldDeliveries(prisma(), { retentionDays: 30 });
    expect(purged.deliveries).toBeGreaterThanOrEqual(1);
    expect(await prisma().delivery.findUnique({ where: { id: oldDone.deliveryId } })).toBeNull();
    expect(await prisma().deliveryAttempt.count({ where: { deliveryId: oldDone.deliveryId } })).toBe(0);
    expect(await prisma().event.findFirst({ where: { id: oldDone.eventId } })).toBeNull();
    expect(await prisma().delivery.findUnique({ where: { id: oldPending.deliveryId } })).not.toBeNull();
    expect(await prisma().delivery.findUnique({ where: { id: fresh.deliveryId } })).not.toBeNull();
  });

  it("the daily purge deletes retry jobs that finished before the retention period, with their chunks, never a running one", async () => {
    const agencyId = await createAgency(prisma());
    const longAgo = new Date(Date.now() - 31 * 86_400_000);
    const lately = new Date(Date.now() - 86_400_000);
    const job = async (status: RetryJobStatus, finishedAt: Date | null, createdAt = longAgo) => {
      const id = newId("rjb");
      await prisma().retryJob.create({
        data: { id, agencyId, status, finishedAt, createdAt, fromAt: longAgo, toAt: longAgo, createdBy: "Ada" },
      });
      await prisma().retryJobChunk.create({ data: { jobId: id, chunk: "", deliveryIds: [], endAt: longAgo } });
      return id;
    };
    const old = [await job("completed", longAgo), await job("cancelled", longAgo), await job("failed", longAgo)];
    const running = await job("running", null);
    const finishedLately = await job("completed", lately);

    const t = new InngestTestEngine({
      function: createPurgeDeliveryLogs({ prisma: async () => prisma(), retentionDays: 30 }),
    });
    const { result } = await t.execute();
    expect(result).toMatchObject({ retryJobs: 3 });
    const left = await prisma().retryJob.findMany({ where: { agencyId }, select: { id: true } });
    expect(left.map((j) => j.id).sort()).toEqual([running, finishedLately].sort());
    expect(await prisma().retryJobChunk.count({ where: { jobId: { in: old } } })).toBe(0);
    expect(await prisma().retryJobChunk.count({ where: { jobId: { in: [running, finishedLately] } } })).toBe(2);
  });
});
