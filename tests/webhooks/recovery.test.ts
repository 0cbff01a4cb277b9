// Recovery (issue 17, item 2): Retry Failed takes every delivery whose last attempt failed,
// including those still waiting for an automatic retry, as a background job on the engine;
// the waiting retry run then sends nothing more. The app's own functions run on the embedded
// engine against a real receiver on 127.0.0.1.
process.env.WEBHOOK_RETRY_SCHEDULE = "4s";
process.env.WEBHOOK_RETRY_JITTER = "0";
process.env.WEBHOOK_TIMEOUT_MS = "6000";
process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "true";

import { describe, expect, it } from "vitest";
import { emitEventAndDispatch } from "@/lib/events/index.ts";
import { sampleEventData } from "@/lib/webhooks/event-catalog.ts";
import { cancelRetryJob, getRetryJob, runningRetryJob } from "@/lib/webhooks/recovery/retry-job.ts";
import { inngest } from "@/lib/inngest/client.ts";
import { retryJobStarted } from "@/lib/inngest/events.ts";
import { resendEvent } from "@/lib/webhooks/recovery/resend-event.ts";
import { queueDeliveriesWithInngest } from "@/lib/webhooks/queue-deliveries.ts";
import { selectionOfRange, startRetryJob } from "@/lib/webhooks/recovery/start-retry-job.ts";
import { retryDelivery } from "@/lib/webhooks/retry-deliveries.ts";
import { setUpThisFile } from "../support/file-setup.ts";
import { addFailedDeliveries, addWebhook, createAgency, emitDelivered, succeededCount } from "./support/fixtures.ts";

// Per path: what the receiver answers (200 at once unless set).
const behaviour = new Map<string, { status: number; delayMs?: number }>();
const fx = setUpThisFile({ engine: true, reply: behaviour, agency: "Studio North" });

const at = (path: string) => fx.receiver.requests.filter((r) => r.path === fx.base + path);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One event to one endpoint whose first attempt fails (500): its retry run then waits 4 s. */
async function deliveryWaitingForRetry(path: string) {
  behaviour.set(path, { status: 500 });
  const hook = await addWebhook(fx.db.prisma, fx.agencyId, {
    url: `${fx.receiver.url}${path}`,
    events: ["invoice.paid"],
  });
  const { id } = await emitEventAndDispatch(fx.db.prisma, {
    agencyId: fx.agencyId,
    type: "invoice.paid",
    data: sampleEventData("invoice.paid"),
  });
  await expect
    .poll(async () => fx.db.prisma.delivery.findFirst({ where: { eventId: id, webhookId: hook.id } }), {
      timeout: 20_000,
      interval: 100,
    })
    .toMatchObject({ status: "pending", attemptCount: 1, nextAttemptAt: expect.any(Date) });
  const delivery = await fx.db.prisma.delivery.findFirstOrThrow({ where: { eventId: id, webhookId: hook.id } });
  return { hook, delivery };
}

async function retryRunsSettled(deliveryId: string) {
  await expect
    .poll(
      async () =>
        (
          await fx.db.prisma.$queryRaw<{ n: bigint }[]>`
            SELECT count(*) AS n FROM engine_runs
             WHERE function_id LIKE '%deliver-webhook' AND event->'data'->>'deliveryId' = ${deliveryId}
               AND status IN ('queued', 'running')`
        )[0].n,
      { timeout: 30_000, interval: 200 },
    )
    .toBe(0n);
}

describe("Retry Failed includes deliveries waiting for their next automatic try", () => {
  it("retries one whose schedule is still running, and the waiting retry run sends nothing more", async () => {
    const { hook, delivery } = await deliveryWaitingForRetry("/waiting");
    behaviour.set("/waiting", { status: 200 });
    const job = await startRetryJob(fx.db.prisma, {
      actor: fx.actor,
      ...selectionOfRange({ webhookId: hook.id, range: "1h", eventTypes: [], statuses: ["failed", "retrying"] }),
    });
    expect(job.total).toBe(1);
    await expect
      .poll(async () => (await getRetryJob(fx.db.prisma, { agencyId: fx.agencyId, jobId: job.id })).status, {
        timeout: 20_000,
      })
      .toBe("completed");
    expect(await getRetryJob(fx.db.prisma, { agencyId: fx.agencyId, jobId: job.id })).toMatchObject({
      total: 1,
      processed: 1,
      succeeded: 1,
    });
    expect(await fx.db.prisma.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      status: "succeeded",
      nextAttemptAt: null,
    });
    // Past the time the automatic retry was due, and after its run ended: still one more request, not two.
    await sleep(Math.max(0, delivery.nextAttemptAt!.getTime() - Date.now()) + 1_500);
    await retryRunsSettled(delivery.id);
    expect(at("/waiting").map((r) => r.headers["x-aosai-attempt"])).toEqual(["1", "2"]);
    const audit = await fx.db.prisma.auditLog.findFirstOrThrow({ where: { action: "delivery.retry_job_started" } });
    expect(audit).toMatchObject({ targetId: hook.id, actor: fx.actor.label });
  });

  it("the automatic retry falling due while a manual retry is in flight waits for it instead of sending too", async () => {
    const { delivery } = await deliveryWaitingForRetry("/overlap");
    // The manual request takes 4 s: the retry run wakes in the middle of it.
    behaviour.set("/overlap", { status: 200, delayMs: 4_000 });
    await sleep(Math.max(0, delivery.nextAttemptAt!.getTime() - Date.now() - 2_000));
    const manual = await retryDelivery(fx.db.prisma, { agencyId: fx.agencyId, deliveryId: delivery.id });
    expect(manual).toMatchObject({ ok: true, deliveryStatus: "succeeded" });
    await retryRunsSettled(delivery.id);
    await sleep(1_000);
    expect(at("/overlap")).toHaveLength(2);
    const attempts = await fx.db.prisma.deliveryAttempt.findMany({
      where: { deliveryId: delivery.id },
      orderBy: { number: "asc" },
    });
    expect(attempts.map((a) => [a.number, a.trigger, a.responseStatus])).toEqual([
      [1, "auto", 500],
      [2, "manual", 200],
    ]);
  });
});

/** `count` failed deliveries of one new endpoint (as after an outage). */
async function failedDeliveries(path: string, count: number) {
  const hook = await addWebhook(fx.db.prisma, fx.agencyId, {
    url: `${fx.receiver.url}${path}`,
    events: ["invoice.paid"],
  });
  await addFailedDeliveries(fx.db.prisma, { agencyId: fx.agencyId, webhookId: hook.id, count, prefix: path.slice(1) });
  return hook;
}

describe("Retry Failed as a background job", () => {
  it("recovers 5,000 failed deliveries in one job, a chunk per step, with its progress visible as it goes", async () => {
    const hook = await failedDeliveries("/outage", 5_000);
    const job = await startRetryJob(fx.db.prisma, {
      actor: fx.actor,
      ...selectionOfRange({ webhookId: hook.id, range: "24h", eventTypes: [], statuses: ["failed"] }),
    });
    expect(job).toMatchObject({ total: 5_000, processed: 0, status: "running" });
    const seen: number[] = [];
    for (;;) {
      const now = await getRetryJob(fx.db.prisma, { agencyId: fx.agencyId, jobId: job.id });
      seen.push(now.processed);
      if (now.status !== "running") break;
      await sleep(250);
    }
    expect(await getRetryJob(fx.db.prisma, { agencyId: fx.agencyId, jobId: job.id })).toMatchObject({
      status: "completed",
      total: 5_000,
      processed: 5_000,
      succeeded: 5_000,
      failed: 0,
    });
    // n of m moved in between, not only at the end.
    expect(seen.some((n) => n > 0 && n < 5_000)).toBe(true);
    expect(new Set(at("/outage").map((r) => r.headers["x-aosai-delivery"])).size).toBe(5_000);
    expect(at("/outage")).toHaveLength(5_000);
    expect(
      await fx.db.prisma.delivery.count({ where: { webhookId: hook.id, status: "succeeded", attemptCount: 2 } }),
    ).toBe(5_000);
    // One step per chunk of 500.
    const [run] = await fx.db.prisma.$queryRaw<{ steps: bigint }[]>`
      SELECT count(*) AS steps FROM engine_steps s JOIN engine_runs r ON r.id = s.run_id
       WHERE r.function_id LIKE '%retry-failed-job' AND r.event->'data'->>'jobId' = ${job.id}`;
    expect(Number(run.steps)).toBeGreaterThanOrEqual(11);
  }, 240_000);

  it("cancel stops the job: the rest is left as it was", async () => {
    const hook = await failedDeliveries("/cancel", 2_000);
    behaviour.set("/cancel", { status: 200, delayMs: 20 });
    const job = await startRetryJob(fx.db.prisma, {
      actor: fx.actor,
      ...selectionOfRange({ webhookId: hook.id, range: "24h", eventTypes: [], statuses: ["failed"] }),
    });
    await expect
      .poll(async () => (await getRetryJob(fx.db.prisma, { agencyId: fx.agencyId, jobId: job.id })).processed, {
        timeout: 60_000,
        interval: 100,
      })
      .toBeGreaterThan(50);
    const cancelled = await cancelRetryJob(fx.db.prisma, { actor: fx.actor, jobId: job.id });
    expect(cancelled.status).toBe("cancelled");
    await expect
      .poll(
        async () =>
          (
            await fx.db.prisma.$queryRaw<{ n: bigint }[]>`
            SELECT count(*) AS n FROM engine_runs WHERE function_id LIKE '%retry-failed-job'
               AND event->'data'->>'jobId' = ${job.id} AND status IN ('queued', 'running')`
          )[0].n,
        { timeout: 30_000, interval: 200 },
      )
      .toBe(0n);
    const sent = at("/cancel").length;
    await sleep(1_500);
    expect(at("/cancel")).toHaveLength(sent);
    expect(sent).toBeLessThan(1_000);
    const final = await getRetryJob(fx.db.prisma, { agencyId: fx.agencyId, jobId: job.id });
    expect(final.status).toBe("cancelled");
    expect(final.processed).toBe(sent);
    expect(await fx.db.prisma.delivery.count({ where: { webhookId: hook.id, status: "failed" } })).toBe(2_000 - sent);
    expect(
      await fx.db.prisma.auditLog.count({ where: { action: "delivery.retry_job_cancelled", targetId: hook.id } }),
    ).toBe(1);
  }, 120_000);
});

describe("Retry Failed when the engine refuses its run", () => {
  it("marks the job failed at once, so the screen does not show it running, and the next Retry Failed works", async () => {
    const hook = await failedDeliveries("/refused-job", 3);
    const range = selectionOfRange({ webhookId: hook.id, range: "24h", eventTypes: [], statuses: ["failed"] });
    // The real client, refused: an event its schema rejects makes the send throw.
    const refused = (job: { jobId: string; agencyId: string }) =>
      inngest.send(retryJobStarted.create({ ...job, jobId: "" }, { id: job.jobId }));

    await expect(startRetryJob(fx.db.prisma, { actor: fx.actor, ...range, startRun: refused })).rejects.toThrow(
      expect.objectContaining({ code: "UNAVAILABLE", message: expect.stringMatching(/nothing is being retried/) }),
    );
    expect(await runningRetryJob(fx.db.prisma, { agencyId: fx.agencyId, webhookId: hook.id })).toBeNull();
    const jobs = await fx.db.prisma.retryJob.findMany({ where: { webhookId: hook.id } });
    expect(jobs.map((j) => j.status)).toEqual(["failed"]);

    const job = await startRetryJob(fx.db.prisma, { actor: fx.actor, ...range });
    await expect
      .poll(async () => (await getRetryJob(fx.db.prisma, { agencyId: fx.agencyId, jobId: job.id })).status, {
        timeout: 20_000,
      })
      .toBe("completed");
    expect(at("/refused-job")).toHaveLength(3);
  });
});

describe("Resend", () => {
  it("sends the event again to every endpoint it went to, or to the chosen ones, as new deliveries linked to the originals", async () => {
    const a = await addWebhook(fx.db.prisma, fx.agencyId, {
      url: `${fx.receiver.url}/resend-a`,
      events: ["client.created"],
    });
    const b = await addWebhook(fx.db.prisma, fx.agencyId, {
      url: `${fx.receiver.url}/resend-b`,
      events: ["client.created"],
    });
    const id = await emitDelivered(fx.db.prisma, { agencyId: fx.agencyId, type: "client.created", deliveries: 2 });
    const settledCount = (n: number) => succeededCount(fx.db.prisma, id, n);
    const originals = await fx.db.prisma.delivery.findMany({ where: { eventId: id } });

    const all = await resendEvent(fx.db.prisma, { actor: fx.actor, eventId: id });
    expect(all.deliveries).toHaveLength(2);
    await settledCount(4);
    const chosen = await resendEvent(fx.db.prisma, { actor: fx.actor, eventId: id, webhookIds: [b.id] });
    expect(chosen.deliveries.map((d) => d.webhookId)).toEqual([b.id]);
    await settledCount(5);

    expect(at("/resend-a").map((r) => r.headers["x-aosai-event-id"])).toEqual([id, id]);
    expect(at("/resend-b").map((r) => r.headers["x-aosai-event-id"])).toEqual([id, id, id]);
    const rows = await fx.db.prisma.delivery.findMany({
      where: { eventId: id },
      orderBy: [{ webhookId: "asc" }, { resendSeq: "asc" }],
    });
    const originalOf = (webhookId: string) => originals.find((o) => o.webhookId === webhookId)!.id;
    expect(rows.map((r) => [r.webhookId, r.resendSeq, r.resentFromId])).toEqual(
      [
        [a.id, 0, null],
        [a.id, 1, originalOf(a.id)],
        [b.id, 0, null],
        [b.id, 1, originalOf(b.id)],
        [b.id, 2, originalOf(b.id)],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    expect(await fx.db.prisma.auditLog.count({ where: { action: "event.resent", targetId: b.id } })).toBe(2);
    // Another agency's event answers like a missing one.
    const other = await createAgency(fx.db.prisma);
    await expect(resendEvent(fx.db.prisma, { actor: { ...fx.actor, agencyId: other }, eventId: id })).rejects.toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
  });
  it("resends nothing, and leaves no delivery waiting for a run, when the engine refuses the send", async () => {
    const c = await addWebhook(fx.db.prisma, fx.agencyId, {
      url: `${fx.receiver.url}/resend-c`,
      events: ["task.created"],
    });
    const d = await addWebhook(fx.db.prisma, fx.agencyId, {
      url: `${fx.receiver.url}/resend-d`,
      events: ["task.created"],
    });
    const id = await emitDelivered(fx.db.prisma, { agencyId: fx.agencyId, type: "task.created", deliveries: 2 });
    // The real send, refused: an event its schema rejects makes the engine's client throw.
    const refused: typeof queueDeliveriesWithInngest = (items) =>
      queueDeliveriesWithInngest(items.map((item) => ({ ...item, deliveryId: "" })));

    await expect(resendEvent(fx.db.prisma, { actor: fx.actor, eventId: id, queue: refused })).rejects.toThrow(
      expect.objectContaining({ code: "UNAVAILABLE", message: expect.stringMatching(/nothing was resent/) }),
    );
    expect(await fx.db.prisma.delivery.count({ where: { eventId: id } })).toBe(2);
    expect(
      await fx.db.prisma.auditLog.count({ where: { action: "event.resent", targetId: { in: [c.id, d.id] } } }),
    ).toBe(0);

    // The engine answering again: the resend goes through, numbered as if the refused one never was.
    const again = await resendEvent(fx.db.prisma, { actor: fx.actor, eventId: id });
    expect(again.deliveries).toHaveLength(2);
    await succeededCount(fx.db.prisma, id, 4);
    const resent = await fx.db.prisma.delivery.findMany({ where: { eventId: id, resendSeq: { gt: 0 } } });
    expect(resent.map((r) => r.resendSeq)).toEqual([1, 1]);
    expect(at("/resend-c")).toHaveLength(2);
    expect(at("/resend-d")).toHaveLength(2);
  });
});
