import { execFile } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { verifyWebhook } from "@agency-os/webhooks";
import { sampleEventData } from "../lib/webhooks/event-catalog.ts";
import { accounts } from "./support/accounts.ts";
import { createKey, keyClient, revokeKey } from "./support/api-keys.ts";
import { Receiver } from "./support/receiver.ts";
import { apiSession } from "./support/security-http.ts";

// The REST API driven as other software drives it: with API keys from Settings → API keys, a
// real receiver on 127.0.0.1, and the receiver package verifying what arrives.
test.describe.configure({ mode: "serial" });

const run = randomBytes(4).toString("hex");
let admin: APIRequestContext;
let receiver: Receiver;
let full: { id: string; token: string };
let api: APIRequestContext;

test.beforeAll(async ({ baseURL }) => {
  admin = await apiSession(baseURL!, accounts.admin);
  receiver = await Receiver.start();
  full = await createKey(admin, baseURL!, {
    name: `Integration ${run}`,
    scopes: ["webhooks:read", "webhooks:write", "webhooks:secrets", "deliveries:retry", "events:emit"],
  });
  api = await keyClient(baseURL!, full.token);
});

test.afterAll(async () => {
  await receiver?.stop();
  for (const ctx of [admin, api]) await ctx?.dispose();
});

type Json = Record<string, unknown>;
const body = async (res: { json(): Promise<unknown> }) => (await res.json()) as Json;

// The event's delivery to this test's webhook: the seed's "Local receiver" subscribes to every
// event too, and nothing listens on its port here, so the event's first delivery may be that one.
async function deliveryOf(
  eventId: string,
  webhookId: string,
): Promise<{ id: string; webhookId: string; status: string; attemptCount: number }> {
  let delivery: { id: string; webhookId: string; status: string; attemptCount: number } | undefined;
  await expect
    .poll(
      async () => {
        const event = await body(await api.get(`/api/v1/events/${eventId}`));
        delivery = (event.deliveries as NonNullable<typeof delivery>[]).find((d) => d.webhookId === webhookId);
        return delivery?.status;
      },
      { timeout: 30_000 },
    )
    .toBe("succeeded");
  return delivery!;
}

test("a key drives the whole API: webhook, event, delivery, retry, rotation, then revocation is refused at once", async ({
  baseURL,
}) => {
  // Create a webhook: its secret comes back once; rate-limit headers on every answer.
  const created = await api.post("/api/v1/webhooks", {
    data: { name: `API hook ${run}`, url: `${receiver.url}/api-${run}`, events: ["invoice.paid"] },
  });
  expect(created.status(), await created.text()).toBe(201);
  expect(created.headers()["ratelimit-limit"]).toMatch(/^\d+$/);
  expect(Number(created.headers()["ratelimit-remaining"])).toBeGreaterThanOrEqual(0);
  const hook = await body(created);
  const webhookId = hook.id as string;
  const secret = hook.secret as string;
  expect(secret).toMatch(/^whsec_/);
  expect((await body(await api.get(`/api/v1/webhooks/${webhookId}`))).secret).toBeUndefined();

  // Emit an event with an Idempotency-Key; the replay answers the same, another body is refused.
  const key = randomUUID();
  const emit = { type: "invoice.paid", data: sampleEventData("invoice.paid"), id: `api-${run}-1` };
  const first = await api.post("/api/v1/events", { data: emit, headers: { "Idempotency-Key": key } });
  expect(first.status(), await first.text()).toBe(201);
  const replay = await api.post("/api/v1/events", { data: emit, headers: { "Idempotency-Key": key } });
  expect(replay.status()).toBe(201);
  expect(replay.headers()["idempotent-replayed"]).toBe("true");
  expect(await body(replay)).toEqual(await body(first));
  const reused = await api.post("/api/v1/events", {
    data: { ...emit, id: `api-${run}-other` },
    headers: { "Idempotency-Key": key },
  });
  expect(reused.status()).toBe(409);
  expect((await body(reused)).error).toMatchObject({ code: "conflict" });

  // Read the delivery: the log, the delivery with its attempt, and what the receiver got.
  const delivery = await deliveryOf(emit.id, webhookId);
  const log = await body(await api.get(`/api/v1/webhooks/${webhookId}/deliveries?eventId=${emit.id}`));
  expect((log.data as Json[])[0]).toMatchObject({ id: delivery.id, status: "succeeded", eventType: "invoice.paid" });
  const detail = await body(await api.get(`/api/v1/deliveries/${delivery.id}`));
  expect(detail).toMatchObject({ webhookId, attemptCount: 1 });
  expect((detail.attempts as Json[])[0]).toMatchObject({ number: 1, trigger: "auto", responseStatus: 200 });
  const [got] = receiver.forEvent(emit.id);
  expect(verifyWebhook(got.headers, got.body, secret)).toMatchObject({ id: emit.id, event: "invoice.paid" });

  // Retry it: a new attempt now, its result in the answer.
  const retried = await api.post(`/api/v1/deliveries/${delivery.id}/retry`);
  expect(retried.status(), await retried.text()).toBe(200);
  expect(await body(retried)).toMatchObject({ deliveryId: delivery.id, ok: true, statusCode: 200 });
  expect(receiver.forEvent(emit.id)).toHaveLength(2);
  expect(receiver.forEvent(emit.id)[1].headers["x-aosai-attempt"]).toBe("2");
  const range = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() };
  // Retry Failed is a background job: 202 with the job; nothing failed here, so it is complete at once.
  const failedRetry = await api.post(`/api/v1/webhooks/${webhookId}/deliveries/retry-failed`, { data: range });
  expect(failedRetry.status(), await failedRetry.text()).toBe(202);
  const job = await body(failedRetry);
  expect(job).toMatchObject({ webhookId, status: "completed", total: 0, processed: 0 });
  // Its Location is where its progress is read.
  expect(failedRetry.headers()["location"]).toBe(`/api/v1/retry-jobs/${job.id as string}`);
  expect(await body(await api.get(failedRetry.headers()["location"]))).toEqual(job);
  expect((await api.post(`/api/v1/retry-jobs/${job.id as string}/cancel`)).status()).toBe(409);

  // Resend it to this webhook: a new delivery of the same event ID, linked to the first.
  const resent = await api.post(`/api/v1/events/${emit.id}/resend`, { data: { webhookIds: [webhookId] } });
  expect(resent.status(), await resent.text()).toBe(202);
  expect((await body(resent)).deliveries).toEqual([
    { deliveryId: expect.any(String), webhookId, resentFromId: delivery.id },
  ]);
  await expect.poll(() => receiver.forEvent(emit.id).length, { timeout: 30_000 }).toBe(3);
  expect(receiver.forEvent(emit.id)[2].headers["x-aosai-delivery"]).not.toBe(delivery.id);

  // Rotate the secret: the new one signs, the old one still verifies during the overlap.
  const rotated = await body(await api.post(`/api/v1/webhooks/${webhookId}/rotate-secret`));
  expect(rotated.secret).not.toBe(secret);
  expect((await body(await api.get(`/api/v1/webhooks/${webhookId}/secret`))).secret).toBe(rotated.secret);
  const second = await api.post("/api/v1/events", { data: { ...emit, id: `api-${run}-2` } });
  expect(second.status()).toBe(201);
  await deliveryOf(`api-${run}-2`, webhookId);
  const [after] = receiver.forEvent(`api-${run}-2`);
  expect(verifyWebhook(after.headers, after.body, rotated.secret as string).id).toBe(`api-${run}-2`);
  expect(verifyWebhook(after.headers, after.body, secret).id).toBe(`api-${run}-2`);

  // Disable, edit, enable; the list pages by cursor.
  expect((await body(await api.post(`/api/v1/webhooks/${webhookId}/disable`))).status).toBe("disabled");
  const renamed = await api.patch(`/api/v1/webhooks/${webhookId}`, { data: { name: `Renamed ${run}` } });
  expect(await body(renamed)).toMatchObject({ name: `Renamed ${run}`, status: "disabled" });
  expect((await body(await api.post(`/api/v1/webhooks/${webhookId}/enable`))).status).toBe("active");
  const page1 = await body(await api.get("/api/v1/webhooks?limit=1"));
  expect(page1.data as Json[]).toHaveLength(1);
  if (page1.nextCursor) {
    const page2 = await body(await api.get(`/api/v1/webhooks?limit=1&cursor=${page1.nextCursor}`));
    expect((page2.data as Json[])[0].id).not.toBe((page1.data as Json[])[0].id);
  }

  // Every change is on the webhook's audit log, by the key.
  const audit = await admin.get(`/settings/webhooks/${webhookId}`);
  expect(await audit.text()).toContain(`API key &quot;Integration ${run}&quot;`);

  // Delete, then revoke the key: the very next request is refused.
  expect((await api.delete(`/api/v1/webhooks/${webhookId}`)).status()).toBe(204);
  expect((await api.get(`/api/v1/webhooks/${webhookId}`)).status()).toBe(404);
  await revokeKey(admin, baseURL!, full.id);
  const refused = await api.get("/api/v1/webhooks");
  expect(refused.status()).toBe(401);
  expect((await body(refused)).error).toMatchObject({ code: "unauthenticated" });
});

test("bad input: no or bad key 401, missing scope 403, unknown fields and wrong types by field, 413, bad JSON", async ({
  baseURL,
  playwright,
}) => {
  const reader = await createKey(admin, baseURL!, { name: `Reader ${run}`, scopes: ["webhooks:read"] });
  const writer = await createKey(admin, baseURL!, { name: `Writer ${run}`, scopes: ["webhooks:write", "events:emit"] });
  const read = await keyClient(baseURL!, reader.token);
  const write = await keyClient(baseURL!, writer.token);
  const anonymous = await playwright.request.newContext({ baseURL });
  const forged = await keyClient(baseURL!, `aosk_${randomBytes(32).toString("base64url")}`);
  try {
    for (const res of [await anonymous.get("/api/v1/webhooks"), await forged.get("/api/v1/webhooks")]) {
      expect(res.status()).toBe(401);
      expect((await body(res)).error).toMatchObject({ code: "unauthenticated" });
    }
    const noScope = await read.post("/api/v1/webhooks", {
      data: { name: "x", url: receiver.url, events: ["invoice.paid"] },
    });
    expect(noScope.status()).toBe(403);
    expect((await body(noScope)).error).toMatchObject({
      code: "forbidden",
      message: expect.stringContaining("webhooks:write"),
    });
    expect((await write.get("/api/v1/webhooks")).status()).toBe(403);

    const unknown = await write.post("/api/v1/webhooks", {
      data: { name: "x", url: receiver.url, events: ["invoice.paid"], agencyId: "agy_other" },
    });
    expect(unknown.status()).toBe(400);
    expect((await body(unknown)).error).toMatchObject({ code: "invalid_input" });
    expect(JSON.stringify(await body(unknown))).toContain("agencyId");

    const wrongType = await write.post("/api/v1/events", {
      data: { type: "invoice.paid", data: { ...sampleEventData("invoice.paid"), amount: "lots" } },
    });
    expect(wrongType.status()).toBe(400);
    expect((await body(wrongType)).error).toMatchObject({ code: "invalid_input", field: "data.amount" });

    const nameless = await write.post("/api/v1/webhooks", {
      data: { name: 42, url: receiver.url, events: ["invoice.paid"] },
    });
    expect((await body(nameless)).error).toMatchObject({ field: "name" });

    const huge = await write.post("/api/v1/events", {
      data: { type: "invoice.paid", data: { ...sampleEventData("invoice.paid"), client_name: "x".repeat(400_000) } },
    });
    expect(huge.status()).toBe(413);
    expect((await body(huge)).error).toMatchObject({ code: "too_large" });

    const notJson = await write.post("/api/v1/events", {
      headers: { "content-type": "application/json" },
      data: "{oops",
    });
    expect(notJson.status()).toBe(400);
    expect((await read.get("/api/v1/webhooks?colour=blue")).status()).toBe(400);
    expect((await read.get("/api/v1/webhooks?limit=1000")).status()).toBe(400);
    expect((await read.get("/api/v1/webhooks?cursor=forged")).status()).toBe(400);
  } finally {
    for (const ctx of [read, write, anonymous, forged]) await ctx.dispose();
  }
});

test("another service's own Inngest client, pointed at the app, sends agency-os/invoice.paid; the receiver gets it and verifies it", async ({
  baseURL,
  page,
}) => {
  const emitter = await createKey(admin, baseURL!, { name: `Billing service ${run}`, scopes: ["events:emit"] });
  const setup = await createKey(admin, baseURL!, { name: `Setup ${run}`, scopes: ["webhooks:write", "webhooks:read"] });
  const setupApi = await keyClient(baseURL!, setup.token);
  try {
    const hook = await body(
      await setupApi.post("/api/v1/webhooks", {
        data: { name: `Inngest hook ${run}`, url: `${receiver.url}/inngest-${run}`, events: ["invoice.paid"] },
      }),
    );
    const { signInThroughForm } = await import("./support/sign-in.ts");
    await signInThroughForm(page, accounts.admin);
    await page.goto("/settings/api-keys");
    const agencyId = (await page.getByTestId("agency-id").textContent())!.trim();
    const eventId = `billing-${run}`;
    const { stdout } = await promisify(execFile)("npx", ["tsx", "e2e/fixtures/billing-service.ts"], {
      env: { ...process.env, APP_URL: baseURL!, API_KEY: emitter.token, AGENCY_ID: agencyId, EVENT_ID: eventId },
      timeout: 60_000,
    });
    expect(JSON.parse(stdout.trim().split("\n").at(-1)!)).toEqual({ ids: [eventId] });
    await expect.poll(() => receiver.forEvent(eventId).length, { timeout: 30_000 }).toBe(1);
    const [got] = receiver.forEvent(eventId);
    const event = verifyWebhook(got.headers, got.body, hook.secret as string);
    expect(event).toMatchObject({
      id: eventId,
      event: "invoice.paid",
      data: { invoice_number: "INV-2026-0077", currency: "EUR" },
    });
    await setupApi.delete(`/api/v1/webhooks/${hook.id as string}`);
  } finally {
    await setupApi.dispose();
  }
});
