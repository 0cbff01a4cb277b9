// Issue 17 through the REST API: Retry Failed starts the screen's background job (202 with the
// job, its progress by GET, a cancel) and Resend sends an event again to every webhook it went
// to or to chosen ones. The route handlers of app/api/v1 are called as Next calls them, with
// API keys; real PostgreSQL, the app's functions on the embedded engine, a real receiver.
process.env.WEBHOOK_RETRY_JITTER = "0";
process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "true";

import { vi } from "vitest";
// The route handlers import it to stay off the client; vitest is not a React server.
vi.mock("server-only", () => ({}));
// Every call here carries a key; the session (next-auth, which needs Next's runtime) is never read.
vi.mock("@/lib/auth/session.ts", () => ({ currentContext: async () => null }));

import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as resendRoute } from "@/app/api/v1/events/[eventId]/resend/route.ts";
import { POST as cancelRoute } from "@/app/api/v1/retry-jobs/[jobId]/cancel/route.ts";
import { GET as jobRoute } from "@/app/api/v1/retry-jobs/[jobId]/route.ts";
import { POST as startJobRoute } from "@/app/api/v1/retry-jobs/route.ts";
import { POST as retryFailedRoute } from "@/app/api/v1/webhooks/[id]/deliveries/retry-failed/route.ts";
import type { ApiScope } from "@/lib/api-keys/api-key-scopes.ts";
import { createApiKey } from "@/lib/api-keys/create-api-key.ts";
import { setUpThisFile } from "../support/file-setup.ts";
import {
  addFailedDeliveries,
  addWebhook,
  createAgency,
  emitDelivered,
  succeededCount,
} from "../webhooks/support/fixtures.ts";

type Route = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Json = Record<string, unknown>;

// Per path: what the receiver answers (200 at once unless set).
const behaviour = new Map<string, { status: number; delayMs?: number }>();
const fx = setUpThisFile({ engine: true, reply: behaviour, agency: "Recovery Agency" });
let token: string;
let otherToken: string;

async function keyOf(agency: string, scopes: ApiScope[], name = "Recovery script") {
  const actor = { agencyId: agency, userId: null, label: "Ada Admin <ada@example.test>" };
  return (await createApiKey(fx.db.prisma, { actor, input: { name, scopes, expiresIn: "30d" } })).token;
}

/** One call of a route handler, as Next makes it. */
async function call(
  route: Route,
  key: string,
  path: string,
  params: Record<string, string>,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const req = new NextRequest(`http://app.test/api/v1${path}`, {
    method: body === undefined && !path.endsWith("/cancel") ? "GET" : "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const res = await route(req, { params: Promise.resolve(params) });
  return { status: res.status, body: (await res.json()) as Json, headers: res.headers };
}

const lastHour = () => ({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() });
const at = (path: string) => fx.receiver.requests.filter((r) => r.path === fx.base + path);

beforeAll(async () => {
  token = await keyOf(fx.agencyId, ["webhooks:read", "deliveries:retry"]);
  otherToken = await keyOf(await createAgency(fx.db.prisma, "Other Agency"), [
    "webhooks:read",
    "webhooks:write",
    "deliveries:retry",
    "events:emit",
  ]);
});

/** `count` failed deliveries of a new webhook (as after an outage). */
async function failedDeliveries(path: string, count: number) {
  const hook = await addWebhook(fx.db.prisma, fx.agencyId, {
    url: `${fx.receiver.url}${path}`,
    events: ["invoice.paid"],
  });
  await addFailedDeliveries(fx.db.prisma, { agencyId: fx.agencyId, webhookId: hook.id, count, prefix: path.slice(1) });
  return hook;
}

async function jobUntil(jobId: string, done: (job: Json) => boolean) {
  let job: Json = {};
  await expect
    .poll(
      async () => {
        const res = await call(jobRoute as Route, token, `/retry-jobs/${jobId}`, { jobId });
        expect(res.status).toBe(200);
        job = res.body;
        return done(job);
      },
      { timeout: 60_000, interval: 150 },
    )
    .toBe(true);
  return job;
}

describe("Retry Failed through /api/v1", () => {
  it("starts the background job (202), reports n of m by GET, with no cap of 200, audited under the key", async () => {
    const hook = await failedDeliveries("/api-outage", 450);
    const started = await call(
      retryFailedRoute as Route,
      token,
      `/webhooks/${hook.id}/deliveries/retry-failed`,
      { id: hook.id },
      { ...lastHour(), statuses: ["failed"] },
    );
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    // Location: where the job's progress is read (the GET below).
    expect(started.headers.get("location")).toBe(`/api/v1/retry-jobs/${started.body.id as string}`);
    expect(started.body).toMatchObject({
      id: expect.stringMatching(/^rjb_/),
      webhookId: hook.id,
      status: "running",
      total: 450,
      statuses: ["failed"],
      eventTypes: [],
    });
    const done = await jobUntil(started.body.id as string, (j) => j.status !== "running");
    expect(done).toMatchObject({ status: "completed", total: 450, processed: 450, succeeded: 450, failed: 0 });
    expect(done.finishedAt).toEqual(expect.any(String));
    expect(new Set(at("/api-outage").map((r) => r.headers["x-aosai-delivery"])).size).toBe(450);
    const audit = await fx.db.prisma.auditLog.findFirstOrThrow({
      where: { action: "delivery.retry_job_started", targetId: hook.id },
    });
    expect(audit.actor).toContain("Recovery script");

    // Nothing left to retry: the job is complete at once, total 0. Sent again with the same
    // Idempotency-Key, the first answer comes back with its Location.
    const range = lastHour();
    const once = () =>
      call(retryFailedRoute as Route, token, `/webhooks/${hook.id}/deliveries/retry-failed`, { id: hook.id }, range, {
        "idempotency-key": `empty-${hook.id}`,
      });
    const empty = await once();
    expect(empty).toMatchObject({
      status: 202,
      body: { status: "completed", total: 0, finishedAt: expect.any(String) },
    });
    const location = `/api/v1/retry-jobs/${empty.body.id as string}`;
    expect(empty.headers.get("location")).toBe(location);
    const replayed = await once();
    expect(replayed).toMatchObject({ status: 202, body: { id: empty.body.id } });
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(replayed.headers.get("location")).toBe(location);
  });

  it("across webhooks (POST /retry-jobs), and cancel stops it: the rest stays failed; a second cancel is 409", async () => {
    const hook = await failedDeliveries("/api-cancel", 1_500);
    behaviour.set("/api-cancel", { status: 200, delayMs: 20 });
    const started = await call(
      startJobRoute as Route,
      token,
      "/retry-jobs",
      {},
      { ...lastHour(), statuses: ["failed"] },
    );
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body).toMatchObject({ webhookId: null, status: "running", total: 1_500 });
    const jobId = started.body.id as string;
    expect(started.headers.get("location")).toBe(`/api/v1/retry-jobs/${jobId}`);
    await jobUntil(jobId, (j) => (j.processed as number) > 30);
    const cancelled = await call(cancelRoute as Route, token, `/retry-jobs/${jobId}/cancel`, { jobId });
    expect(cancelled).toMatchObject({ status: 200, body: { id: jobId, status: "cancelled" } });
    await expect
      .poll(
        async () =>
          (
            await fx.db.prisma.$queryRaw<{ n: bigint }[]>`
            SELECT count(*) AS n FROM engine_runs WHERE function_id LIKE '%retry-failed-job'
               AND event->'data'->>'jobId' = ${jobId} AND status IN ('queued', 'running')`
          )[0].n,
        { timeout: 30_000, interval: 200 },
      )
      .toBe(0n);
    const sent = at("/api-cancel").length;
    const final = await call(jobRoute as Route, token, `/retry-jobs/${jobId}`, { jobId });
    expect(final.body).toMatchObject({ status: "cancelled", processed: sent });
    expect(sent).toBeLessThan(1_500);
    expect(await fx.db.prisma.delivery.count({ where: { webhookId: hook.id, status: "failed" } })).toBe(1_500 - sent);
    const again = await call(cancelRoute as Route, token, `/retry-jobs/${jobId}/cancel`, { jobId });
    expect(again).toMatchObject({ status: 409, body: { error: { code: "conflict" } } });
  });

  it("is scoped to the key's agency and needs deliveries:retry; bad ranges are refused by field", async () => {
    const hook = await failedDeliveries("/api-scope", 3);
    const started = await call(
      retryFailedRoute as Route,
      token,
      `/webhooks/${hook.id}/deliveries/retry-failed`,
      { id: hook.id },
      lastHour(),
    );
    const jobId = started.body.id as string;
    await jobUntil(jobId, (j) => j.status !== "running");
    // Another agency's key with every scope sees and stops nothing of it.
    const asOther = [
      await call(jobRoute as Route, otherToken, `/retry-jobs/${jobId}`, { jobId }),
      await call(cancelRoute as Route, otherToken, `/retry-jobs/${jobId}/cancel`, { jobId }),
      await call(
        retryFailedRoute as Route,
        otherToken,
        `/webhooks/${hook.id}/deliveries/retry-failed`,
        { id: hook.id },
        lastHour(),
      ),
      await call(startJobRoute as Route, otherToken, "/retry-jobs", {}, { ...lastHour(), webhookId: hook.id }),
    ];
    for (const res of asOther) expect(res).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    expect(JSON.stringify(asOther)).not.toContain(hook.id);
    // A key without deliveries:retry.
    const reader = await keyOf(fx.agencyId, ["webhooks:read"], "Reader");
    const refused = await call(jobRoute as Route, reader, `/retry-jobs/${jobId}`, { jobId });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    const start = await call(startJobRoute as Route, reader, "/retry-jobs", {}, lastHour());
    expect(start.status).toBe(403);
    // Input checked by field: an unknown status, from after to, an unknown field.
    for (const [body, field] of [
      [{ ...lastHour(), statuses: ["succeeded"] }, "statuses"],
      [{ from: new Date().toISOString(), to: new Date(Date.now() - 1000).toISOString() }, "from"],
      [{ ...lastHour(), agencyId: "agy_x" }, "agencyId"],
    ] as const) {
      const res = await call(startJobRoute as Route, token, "/retry-jobs", {}, body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
  });
});

describe("Resend through /api/v1", () => {
  it("to every webhook the event went to, or to chosen ones; not to one that never asked for it; not another agency's", async () => {
    const a = await addWebhook(fx.db.prisma, fx.agencyId, {
      url: `${fx.receiver.url}/api-resend-a`,
      events: ["client.created"],
    });
    const b = await addWebhook(fx.db.prisma, fx.agencyId, {
      url: `${fx.receiver.url}/api-resend-b`,
      events: ["client.created"],
    });
    const unrelated = await addWebhook(fx.db.prisma, fx.agencyId, {
      url: `${fx.receiver.url}/api-resend-c`,
      events: ["task.created"],
    });
    const id = await emitDelivered(fx.db.prisma, { agencyId: fx.agencyId, type: "client.created", deliveries: 2 });
    const succeeded = (n: number) => succeededCount(fx.db.prisma, id, n);

    const all = await call(resendRoute as Route, token, `/events/${id}/resend`, { eventId: id }, {});
    expect(all.status, JSON.stringify(all.body)).toBe(202);
    const created = all.body.deliveries as { deliveryId: string; webhookId: string; resentFromId: string }[];
    expect(created.map((d) => d.webhookId).sort()).toEqual([a.id, b.id].sort());
    for (const d of created) expect(d.resentFromId).toEqual(expect.stringMatching(/^dlv_/));
    await succeeded(4);
    const chosen = await call(
      resendRoute as Route,
      token,
      `/events/${id}/resend`,
      { eventId: id },
      { webhookIds: [b.id] },
    );
    expect(chosen.status).toBe(202);
    expect((chosen.body.deliveries as Json[]).map((d) => d.webhookId)).toEqual([b.id]);
    await succeeded(5);
    expect(at("/api-resend-a").map((r) => r.headers["x-aosai-event-id"])).toEqual([id, id]);
    expect(at("/api-resend-b").map((r) => r.headers["x-aosai-event-id"])).toEqual([id, id, id]);
    expect(await fx.db.prisma.auditLog.count({ where: { action: "event.resent", targetId: b.id } })).toBe(2);

    // A webhook that does not subscribe to the type and never got the event: refused, nothing sent.
    const notAsked = await call(
      resendRoute as Route,
      token,
      `/events/${id}/resend`,
      { eventId: id },
      { webhookIds: [unrelated.id] },
    );
    expect(notAsked).toMatchObject({ status: 409, body: { error: { code: "conflict" } } });
    expect(at("/api-resend-c")).toHaveLength(0);
    // Another agency's key: the event is not found; its own webhook cannot be named either.
    const other = await call(resendRoute as Route, otherToken, `/events/${id}/resend`, { eventId: id }, {});
    expect(other).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    const foreignHook = await call(
      resendRoute as Route,
      token,
      `/events/${id}/resend`,
      { eventId: id },
      {
        webhookIds: ["wh_not_ours"],
      },
    );
    expect(foreignHook.status).toBe(404);
    expect(await fx.db.prisma.delivery.count({ where: { eventId: id } })).toBe(5);
  });
});
