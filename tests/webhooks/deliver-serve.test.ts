// First: it sets the Inngest environment before any other import reads it.
import { SIGNING_KEY } from "./support/cloud-mode.ts";
import { describe, expect, it } from "vitest";
import { verifyWebhook } from "@agency-os/webhooks";
import { deliveryCreated, deliveryRetry } from "@/lib/inngest/events.ts";
import { RESPONSE_BODY_LIMIT } from "@/lib/webhooks/send-webhook.ts";
import { setWebhookEnabled } from "@/lib/webhooks/webhook-status.ts";
import { unusedPort, type Behaviour } from "../support/receiver.ts";
import { FN_ID, ORIGIN, serveFunctionsForThisFile } from "./support/served-functions.ts";
import { addDelivery, addWebhook } from "./support/fixtures.ts";
import { driveRun } from "./support/inngest-driver.ts";

const served = serveFunctionsForThisFile();

async function deliverOnce(url: string, behaviours: Behaviour[], onSleep?: (name: string) => Promise<void>) {
  const hook = await addWebhook(served.database.prisma, served.agencyId, { url });
  const { deliveryId, eventId } = await addDelivery(served.database.prisma, served.agencyId, hook.id);
  served.rx.respondWith(...behaviours);
  const first = served.rx.requests.length;
  const run = await driveRun({
    handler: served.handler,
    origin: ORIGIN,
    fnId: FN_ID,
    signingKey: SIGNING_KEY,
    onSleep,
    // A retry run with no first attempt behind it: the whole schedule from attempt 1.
    event: {
      name: deliveryRetry.name,
      data: { deliveryId, agencyId: served.agencyId, webhookId: hook.id },
      id: deliveryId,
    },
  });
  const delivery = await served.database.prisma.delivery.findUniqueOrThrow({
    where: { id: deliveryId },
    include: { attempts: { orderBy: { number: "asc" } }, webhook: true },
  });
  return { hook, eventId, deliveryId, run, delivery, received: served.rx.requests.slice(first) };
}

describe("deliver-webhook through the real serve() handler (cloud mode, signed)", () => {
  it("retries 500 and 503 + Retry-After with real waits, then succeeds", async () => {
    const { run, delivery, received, eventId, hook } = await deliverOnce(served.rx.url, [
      { status: 500, body: "oops" },
      { status: 503, headers: { "Retry-After": "2" } },
      { status: 200, body: "thanks" },
    ]);
    expect(run.status).toBe("completed");
    expect(run.output).toMatchObject({ outcome: "succeeded", attempts: 3 });
    expect(run.log.map((l) => l.name)).toEqual(["attempt-1", "wait-1", "attempt-2", "wait-2", "attempt-3"]);
    expect(received.map((r) => r.headers["x-aosai-attempt"])).toEqual(["1", "2", "3"]);
    // Schedule says 1 s; Retry-After: 2 stretches the second wait to 2 s (bound is 2.5 s).
    const gap1 = received[1].receivedAt - received[0].receivedAt;
    const gap2 = received[2].receivedAt - received[1].receivedAt;
    expect(gap1).toBeGreaterThanOrEqual(950);
    expect(gap2).toBeGreaterThanOrEqual(1_950);
    expect(gap2).toBeLessThan(10_000);
    expect(delivery).toMatchObject({ status: "succeeded", attemptCount: 3, lastStatusCode: 200 });
    expect(delivery.attempts.map((a) => [a.responseStatus, a.errorClass])).toEqual([
      [500, "http_status"],
      [503, "http_status"],
      [200, null],
    ]);
    expect(delivery.webhook.failingSince).toBeNull();
    // Same event id on every retry; the body is the documented payload, fields in documented order.
    expect(new Set(received.map((r) => r.headers["x-aosai-event-id"]))).toEqual(new Set([eventId]));
    expect(received[0].body).toBe(
      `{"id":"${eventId}","event":"invoice.paid","timestamp":"2026-03-31T12:00:00Z","data":{"id":42,"invoice_number":"INV-2026-0042","client_name":"Acme Corporation","amount":1500,"currency":"USD","paid_date":"2026-03-31"}}`,
    );
    for (const r of received)
      expect(verifyWebhook(r.headers, r.body, hook.secret).id).toBe(r.headers["x-aosai-event-id"]);
    // The log keeps exactly what was sent.
    expect(delivery.attempts[2].requestBody).toBe(received[2].body);
    expect(delivery.attempts[2].requestHeaders).toMatchObject({
      "X-AOSAI-Signature": received[2].headers["x-aosai-signature"],
    });
  });

  it("410 Gone: one attempt, no retry, endpoint auto-disabled with the reason", async () => {
    const { run, delivery, received } = await deliverOnce(served.rx.url, [{ status: 410 }]);
    expect(run.output).toMatchObject({ outcome: "failed", attempts: 1 });
    expect(received).toHaveLength(1);
    expect(delivery.status).toBe("failed");
    expect(delivery.webhook.status).toBe("auto_disabled");
    expect(delivery.webhook.disabledReason).toContain("410 Gone");
  });

  it("a reply slower than the timeout is a timeout on every attempt, then failed", async () => {
    const { run, delivery } = await deliverOnce(served.rx.url, [
      { delayMs: 3_000 },
      { delayMs: 3_000 },
      { delayMs: 3_000 },
    ]);
    expect(run.output).toMatchObject({ outcome: "failed", attempts: 3 });
    expect(delivery).toMatchObject({ status: "failed", lastErrorClass: "timeout", lastStatusCode: null });
    for (const a of delivery.attempts) {
      expect(a.errorClass).toBe("timeout");
      // The 1 s timeout cut each attempt short of the receiver's 3 s reply.
      expect(a.durationMs).toBeGreaterThanOrEqual(990);
      expect(a.durationMs).toBeLessThan(2_900);
    }
    expect(delivery.webhook.failingSince).not.toBeNull();
  });

  it.each([
    ["connection reset", { reset: true }, "reset", null],
    ["429 Too Many Requests", { status: 429, body: "slow down" }, "http_status", 429],
    ["a redirect (not followed)", { redirectTo: "http://127.0.0.1:9/elsewhere" }, "http_status", 302],
  ] as const)("classifies %s on every attempt", async (_label, behaviour, errorClass, status) => {
    const { delivery } = await deliverOnce(served.rx.url, [behaviour, behaviour, behaviour]);
    expect(delivery.status).toBe("failed");
    expect(delivery.attempts.map((a) => [a.errorClass, a.responseStatus])).toEqual([
      [errorClass, status],
      [errorClass, status],
      [errorClass, status],
    ]);
  });

  it("classifies a refused connection (closed port)", async () => {
    const port = await unusedPort();
    const { delivery, received } = await deliverOnce(`http://127.0.0.1:${port}/hook`, []);
    expect(received).toHaveLength(0);
    expect(delivery.attempts.map((a) => a.errorClass)).toEqual(["refused", "refused", "refused"]);
    expect(delivery.attempts[0].errorMessage).toContain("refused the connection");
  });

  it("a 5 MB answer is logged as its first 20 KB", async () => {
    const { delivery } = await deliverOnce(served.rx.url, [{ status: 200, bodyBytes: 5 * 1024 * 1024 }]);
    expect(delivery.status).toBe("succeeded");
    expect(delivery.attempts[0].responseBody).toHaveLength(RESPONSE_BODY_LIMIT);
  });

  it("disabling the endpoint during a wait parks the delivery; enabling resumes it", async () => {
    let hookId = "";
    const { run, delivery, deliveryId } = await deliverOnce(served.rx.url, [{ status: 500 }], async () => {
      const row = await served.database.prisma.delivery.findFirstOrThrow({
        where: { agencyId: served.agencyId },
        orderBy: { createdAt: "desc" },
      });
      hookId = row.webhookId;
      await setWebhookEnabled(served.database.prisma, {
        agencyId: served.agencyId,
        webhookId: hookId,
        enabled: false,
        queue: async () => {},
      });
    });
    expect(run.output).toMatchObject({ outcome: "endpoint_disabled", attempts: 1 });
    expect(delivery.status).toBe("paused");

    const queued: { deliveryId: string; eventKey: string }[] = [];
    const enabled = await setWebhookEnabled(served.database.prisma, {
      agencyId: served.agencyId,
      webhookId: hookId,
      enabled: true,
      queue: async (items) => void queued.push(...items),
    });
    expect(enabled?.resumed).toBe(1);
    expect(queued.map((q) => q.deliveryId)).toEqual([deliveryId]);
    served.rx.respondWith({ status: 200 });
    // A resumed delivery goes to the batched first-attempt function, as a new one does.
    const resumed = await driveRun({
      handler: served.handler,
      origin: ORIGIN,
      fnId: `${FN_ID}s`,
      signingKey: SIGNING_KEY,
      event: {
        name: deliveryCreated.name,
        data: { deliveryId, agencyId: served.agencyId, webhookId: hookId },
        id: queued[0].eventKey,
      },
    });
    expect(resumed.output).toMatchObject({ deliveries: 1, succeeded: 1 });
    const after = await served.database.prisma.delivery.findUniqueOrThrow({ where: { id: deliveryId } });
    expect(after).toMatchObject({ status: "succeeded", attemptCount: 2 });
  });
});
