import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { accounts } from "./support/accounts.ts";
import {
  inlineServerActions,
  listActions,
  listPages,
  listRoutes,
  workerUrl,
  type ActionSurface,
} from "./support/route-inventory.ts";
import { apiSession, callAction, sendsToLogin } from "./support/security-http.ts";
import { API_SCOPES } from "../lib/api-keys/api-key-scopes.ts";
import type { Endpoint } from "../lib/api/define-endpoint.ts";
import { V1_ENDPOINTS } from "../lib/api/v1/endpoints.ts";
import { sampleEventData } from "../lib/webhooks/event-catalog.ts";
import { createKey, keyClient } from "./support/api-keys.ts";

// Generated from the file tree: every page (app/**/page.tsx), route handler (app/api/**/route.ts,
// each exported method) and server action ("use server" files, each export, with its ID from
// the build) is tried signed out, as a member, and as the admin of another agency holding the
// first agency's IDs. A new surface is covered without editing this file.
test.describe.configure({ mode: "serial" });

const pages = listPages();
const routes = listRoutes();
const actions = listActions();
const token = randomBytes(6).toString("hex");

type Northwind = {
  webhookId: string;
  deliveryId: string;
  eventId: string;
  jobId: string;
  secret: string;
  markers: string[];
};
let nw: Northwind;
let admin: APIRequestContext;
let member: APIRequestContext;
let other: APIRequestContext;
let signedOut: APIRequestContext;
const createdByOther: string[] = [];

function action(name: string): ActionSurface & { id: string } {
  const a = actions.find((x) => x.name === name);
  if (!a?.id) throw new Error(`server action ${name} is not in the build`);
  return a as ActionSurface & { id: string };
}

/** The first agency's IDs standing in for every dynamic segment. */
function fill(route: string): string {
  return route
    .replace("[...nextauth]", "session")
    .replace("[deliveryId]", nw.deliveryId)
    .replace("[jobId]", nw.jobId)
    .replace("[id]", nw.webhookId)
    .replace(/\[[^\]]+\]/, () => {
      throw new Error(`no test value for a segment of ${route}: add one to security-access.spec.ts`);
    });
}

/** Every field any action reads, holding the first agency's IDs (zod drops what an action does not use). */
function foreignArgs(): unknown[] {
  return [
    {
      id: nw.webhookId,
      webhookId: nw.webhookId,
      deliveryId: nw.deliveryId,
      enabled: false,
      eventType: "invoice.paid",
      data: { id: 1, invoice_number: "INV-X", client_name: "X", amount: 1, currency: "USD", paid_date: "2026-03-31" },
      range: "30d",
      name: `Hijacked ${token}`,
      url: `http://127.0.0.1:9/hijack-${token}`,
      events: ["invoice.paid"],
      headers: {},
    },
  ];
}

function expectNoNorthwindData(text: string, where: string) {
  for (const marker of nw.markers) expect(text.includes(marker), `${where} leaks "${marker}"`).toBe(false);
}

test.beforeAll(async ({ baseURL }) => {
  admin = await apiSession(baseURL!, accounts.admin);
  member = await apiSession(baseURL!, accounts.member);
  other = await apiSession(baseURL!, accounts.otherAdmin);
  signedOut = await apiSession(baseURL!);

  // A webhook and a delivery of the first agency, with a name, URL, event ID and secret that
  // must never reach anyone else. Its receiver port is closed, so the delivery ends failed.
  const create = action("createWebhookAction");
  const created = await callAction(admin, {
    id: create.id,
    page: workerUrl(create.pages[0]),
    origin: baseURL,
    args: [
      {
        name: `Northwind private ${token}`,
        url: `http://127.0.0.1:9/nw-private-${token}`,
        events: ["invoice.paid"],
        headers: {},
      },
    ],
  });
  expect(created.result, created.text).toMatchObject({ ok: true });
  const webhookId = (created.result as { data: { id: string } }).data.id;
  const emitted = await admin.post("/api/events", { headers: { Origin: baseURL! }, data: { type: "invoice.paid" } });
  expect(emitted.status()).toBe(201);
  const eventId = ((await emitted.json()) as { id: string }).id;
  let deliveryId = "";
  await expect
    .poll(
      async () => {
        const page = (await (await admin.get(`/api/webhooks/${webhookId}/deliveries?eventId=${eventId}`)).json()) as {
          items: { id: string; status: string }[];
        };
        deliveryId = page.items[0]?.id ?? "";
        return page.items[0]?.status;
      },
      { timeout: 30_000 },
    )
    .toBe("failed");
  const reveal = action("revealSecretAction");
  const revealed = await callAction(admin, {
    id: reveal.id,
    page: workerUrl(reveal.pages[0]),
    origin: baseURL,
    args: [{ id: webhookId }],
  });
  const secret = (revealed.result as { data: { secret: string } }).data.secret;
  expect(secret).toMatch(/^whsec_/);
  // A Retry Failed job of the first agency, for the routes that read a job's progress.
  const retry = action("retryFailedAction");
  const started = await callAction(admin, {
    id: retry.id,
    page: workerUrl(retry.pages[0]),
    origin: baseURL,
    // An event type the delivery is not of: the job exists, and retries nothing of what is checked below.
    args: [{ webhookId, range: "24h", eventTypes: ["ticket.reply"] }],
  });
  expect(started.result, started.text).toMatchObject({ ok: true });
  const jobId = (started.result as { data: { id: string } }).data.id;
  nw = {
    webhookId,
    deliveryId,
    eventId,
    jobId,
    secret,
    markers: [`Northwind private ${token}`, `nw-private-${token}`, eventId, secret, secret.slice(6)],
  };
});

test.afterAll(async ({ baseURL }) => {
  const del = actions.find((a) => a.name === "deleteWebhookAction");
  if (del?.id && nw)
    await callAction(admin, {
      id: del.id,
      page: workerUrl(del.pages[0]),
      origin: baseURL,
      args: [{ id: nw.webhookId }],
    });
  for (const id of createdByOther)
    if (del?.id)
      await callAction(other, { id: del.id, page: workerUrl(del.pages[0]), origin: baseURL, args: [{ id }] });
  for (const ctx of [admin, member, other, signedOut]) await ctx?.dispose();
});

test("the inventory finds the app's surfaces and every action has a build ID", () => {
  expect(pages.map((p) => p.route)).toEqual(
    expect.arrayContaining(["/login", "/settings/webhooks", "/settings/webhooks/[id]"]),
  );
  expect(routes.map((r) => r.route)).toEqual(expect.arrayContaining(["/api/events", "/api/webhooks", "/api/health"]));
  expect(actions.length).toBeGreaterThanOrEqual(10);
  expect(
    actions.filter((a) => !a.id).map((a) => `${a.file}#${a.name}`),
    "actions missing from the build's manifest",
  ).toEqual([]);
  expect(inlineServerActions(), 'inline "use server" functions are not covered: move them to an action file').toEqual(
    [],
  );
  for (const r of routes) expect(r.methods.length, `${r.file} exports no HTTP method`).toBeGreaterThan(0);
});

test("pages: signed out → login, member → 403 on admin pages, other agency → nothing of the first agency", async () => {
  const checked: string[] = [];
  for (const p of pages) {
    const url = fill(p.route);
    const out = await signedOut.get(url, { maxRedirects: 0 });
    // Public pages answer (or, like /setup once an owner exists, send on to /login).
    if (p.access === "public") expect(out.status(), `${url} signed out`).toBeLessThan(400);
    else
      expect(
        sendsToLogin({ status: out.status(), headers: out.headers() }),
        `${url} signed out → ${out.status()}`,
      ).toBe(true);

    const asMember = await member.get(url, { maxRedirects: 0 });
    if (p.access === "admin") expect(asMember.status(), `${url} as a member`).toBe(403);
    else if (p.access === "member") {
      // Open to members: rendered, or sent on to another page, never to the login page.
      expect(
        asMember.status() === 200 ||
          (asMember.status() >= 300 &&
            asMember.status() < 400 &&
            !sendsToLogin({ status: asMember.status(), headers: asMember.headers() })),
        `${url} as a member → ${asMember.status()}`,
      ).toBe(true);
    }
    expectNoNorthwindData(await asMember.text(), `${url} as a member`);

    const asOther = await other.get(url, { maxRedirects: 0 });
    if (p.params.length > 0 && p.access !== "public")
      expect(asOther.status(), `${url} as another agency's admin`).toBe(404);
    else expect(asOther.status(), `${url} as another agency's admin`).toBeLessThan(500);
    expectNoNorthwindData(await asOther.text(), `${url} as another agency's admin`);
    checked.push(url);
  }
  expect(checked.length).toBe(pages.length);
});

test("route handlers: every exported method refuses the signed-out, members and other agencies", async ({
  baseURL,
}) => {
  for (const r of routes) {
    // /api/v1 takes API keys: every operation is tried with keys and sessions in the block below.
    if (r.route.startsWith("/api/v1/")) continue;
    const url = fill(r.route);
    for (const method of r.methods) {
      const send = (ctx: APIRequestContext) =>
        ctx.fetch(url, {
          method,
          maxRedirects: 0,
          headers: { Origin: baseURL!, "content-type": "application/json" },
          data: method === "GET" || method === "HEAD" ? undefined : { type: "invoice.paid", agency: "northwind" },
        });
      const where = `${method} ${url}`;
      const out = await send(signedOut);
      const asMember = await send(member);
      const asOther = await send(other);
      for (const [who, res] of [
        ["signed out", out],
        ["member", asMember],
        ["other agency", asOther],
      ] as const) {
        expect(res.status(), `${where} as ${who}`).toBeLessThan(500);
        expectNoNorthwindData(await res.text(), `${where} as ${who}`);
      }
      if (r.access === "public") {
        // Public by design; /api/inngest still needs a valid signature for anything but GET.
        if (r.route === "/api/inngest" && method !== "GET") expect(out.status(), where).toBeGreaterThanOrEqual(400);
        continue;
      }
      expect(out.status(), `${where} signed out`).toBe(401);
      expect(asMember.status(), `${where} as a member`).toBe(403);
      if (r.params.length > 0) expect(asOther.status(), `${where} as another agency's admin`).toBe(404);
      else if (r.route === "/api/events") {
        // The body names the first agency; a session emits for its own agency only.
        expect(asOther.status(), where).toBe(201);
        const { id } = (await asOther.json()) as { id: string };
        const log = (await (await admin.get(`/api/webhooks/${nw.webhookId}/deliveries?eventId=${id}`)).json()) as {
          items: unknown[];
        };
        expect(log.items, "another agency's emit reached the first agency's webhook").toEqual([]);
      } else expect(asOther.status(), `${where} as another agency's admin`).toBe(200);
    }
  }
});

test("server actions: signed out → login, member → refused, other agency's admin with the first agency's IDs → refused", async ({
  baseURL,
}) => {
  const refusedForRole = /owners and admins/i;
  for (const a of actions.filter((x) => x.access !== "public")) {
    const page = workerUrl(a.pages[0]);
    const where = `${a.file}#${a.name} (via ${page})`;
    const out = await callAction(signedOut, { id: a.id!, page, origin: baseURL, args: foreignArgs() });
    expect(sendsToLogin(out), `${where} signed out → ${out.status} ${out.text.slice(0, 200)}`).toBe(true);
    if (a.access === "member") continue;

    const asMember = await callAction(member, { id: a.id!, page, origin: baseURL, args: foreignArgs() });
    expect(asMember.result, `${where} as a member: ${asMember.text.slice(0, 300)}`).toMatchObject({ ok: false });
    expect(String(asMember.result?.error)).toMatch(refusedForRole);

    const asOther = await callAction(other, { id: a.id!, page, origin: baseURL, args: foreignArgs() });
    expectNoNorthwindData(asOther.text, `${where} as another agency's admin`);
    const takesNoForeignId = a.name === "createWebhookAction" || a.name === "checkWebhookUrlAction";
    if (takesNoForeignId) {
      // Acts in the caller's own agency; remember what it created to clean up.
      const data = asOther.result?.data as { id?: string } | undefined;
      if (data?.id) createdByOther.push(data.id);
    } else {
      expect(asOther.result, `${where} as another agency's admin: ${asOther.text.slice(0, 300)}`).toMatchObject({
        ok: false,
      });
    }
  }

  // The first agency's webhook, secret and log are as they were.
  const list = (await (await admin.get("/api/webhooks")).json()) as {
    webhooks: { id: string; name: string; url: string; status: string }[];
  };
  expect(list.webhooks.find((w) => w.id === nw.webhookId)).toMatchObject({
    name: `Northwind private ${token}`,
    url: `http://127.0.0.1:9/nw-private-${token}`,
    status: "active",
  });
  const reveal = action("revealSecretAction");
  const revealed = await callAction(admin, {
    id: reveal.id,
    page: workerUrl(reveal.pages[0]),
    origin: baseURL,
    args: [{ id: nw.webhookId }],
  });
  expect(revealed.result).toMatchObject({ ok: true, data: { secret: nw.secret } });
  const detail = (await (await admin.get(`/api/webhooks/${nw.webhookId}/deliveries/${nw.deliveryId}`)).json()) as {
    attempts: { trigger: string }[];
  };
  expect(
    detail.attempts.filter((a) => a.trigger !== "auto"),
    "someone else retried the first agency's delivery",
  ).toEqual([]);
  // And the other agency cannot see a webhook named like the hijack attempt in the first agency.
  expect(list.webhooks.some((w) => w.name.includes(`Hijacked ${token}`))).toBe(false);
});

// ── /api/v1 with API keys and scopes (issue 16) ──────────────────────────────────────────────
// Every /api/v1 operation (from the same inventory, so a new one is covered) is tried with no
// credentials, a member's session, a key of the first agency that lacks the operation's scope,
// and a key of another agency holding every scope and the first agency's IDs.
test.describe("/api/v1 with API keys", () => {
  const v1 = () => routes.filter((r) => r.route.startsWith("/api/v1/"));
  const keyed = (e: Endpoint) => e.access !== "public";
  let nwAgencyId = "";
  let nwAll: APIRequestContext;
  let otherAll: APIRequestContext;
  let otherToken = "";
  const lacking = new Map<string, APIRequestContext>();
  const createdByOtherKey: string[] = [];

  /** The operation behind a route file and method, from the endpoints the OpenAPI document is made of. */
  function endpointOf(route: string, method: string): Endpoint {
    const path = route.replace(/^\/api\/v1/, "").replace(/\[([^\]]+)\]/g, "{$1}");
    const e = V1_ENDPOINTS.find((x) => x.path === path && x.method === method.toLowerCase());
    if (!e) throw new Error(`${method} ${route} has no endpoint definition`);
    return e;
  }

  function v1Url(route: string, eventKey: string): string {
    return route
      .replace("[id]", nw.webhookId)
      .replace("[deliveryId]", nw.deliveryId)
      .replace("[jobId]", nw.jobId)
      .replace("[eventId]", nw.eventId)
      .replace("[type]", "invoice.paid")
      .replace("[eventKey]", eventKey);
  }

  /** A valid body for each operation, so that only who asks decides the answer. */
  function validBody(e: Endpoint): unknown {
    const paid = { type: "invoice.paid", data: sampleEventData("invoice.paid") };
    switch (e.operationId) {
      case "createWebhook":
        return { name: `Key probe ${token}`, url: `http://127.0.0.1:9/probe-${token}`, events: ["invoice.paid"] };
      case "updateWebhook":
        return { name: `Hijacked ${token}` };
      case "retryFailedDeliveries":
        return { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() };
      case "startRetryJob":
        return {
          webhookId: nw.webhookId,
          from: new Date(Date.now() - 86_400_000).toISOString(),
          to: new Date().toISOString(),
        };
      case "resendEvent":
        return { webhookIds: [nw.webhookId] };
      case "emitEvent":
        return paid;
      case "sendInngestEvents":
        return { name: "agency-os/invoice.paid", data: { agencyId: nwAgencyId, ...sampleEventData("invoice.paid") } };
      default:
        return undefined;
    }
  }

  const send = (ctx: APIRequestContext, e: Endpoint, url: string, baseURL: string) =>
    ctx.fetch(url, {
      method: e.method.toUpperCase(),
      maxRedirects: 0,
      headers: { Origin: baseURL },
      data: validBody(e),
    });

  test.beforeAll(async ({ baseURL }) => {
    const keysPage = await (await admin.get("/settings/api-keys")).text();
    nwAgencyId = /data-testid="agency-id"[^>]*>([^<]+)</.exec(keysPage)?.[1] ?? "";
    expect(nwAgencyId).not.toBe("");
    const all = [...API_SCOPES];
    nwAll = await keyClient(
      baseURL!,
      (await createKey(admin, baseURL!, { name: `NW all ${token}`, scopes: all })).token,
    );
    otherToken = (await createKey(other, baseURL!, { name: `Other all ${token}`, scopes: all })).token;
    otherAll = await keyClient(baseURL!, otherToken);
    for (const scope of API_SCOPES) {
      const rest = all.filter((s) => s !== scope);
      lacking.set(
        scope,
        await keyClient(baseURL!, (await createKey(admin, baseURL!, { name: `NW no ${scope}`, scopes: rest })).token),
      );
    }
  });

  test.afterAll(async () => {
    for (const id of createdByOtherKey) await otherAll.delete(`/api/v1/webhooks/${id}`);
    for (const ctx of [nwAll, otherAll, ...lacking.values()]) await ctx?.dispose();
  });

  test("every operation: 401 without a key, 403 for members and for a key without its scope", async ({ baseURL }) => {
    expect(v1().length).toBeGreaterThan(15);
    for (const r of v1())
      for (const method of r.methods) {
        const e = endpointOf(r.route, method);
        const where = `${method} ${r.route}`;
        if (!keyed(e)) {
          const res = await send(signedOut, e, v1Url(r.route, "-"), baseURL!);
          expect(res.status(), `${where} is public`).toBe(200);
          expectNoNorthwindData(await res.text(), where);
          continue;
        }
        const scope = e.access === "event-key" ? "events:emit" : e.access;
        const url = (key: string) => v1Url(r.route, key);
        const out = await send(signedOut, e, url("aosk_not-a-key"), baseURL!);
        expect(out.status(), `${where} without a key`).toBe(401);
        expect(((await out.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
        if (e.access !== "event-key") {
          const asMember = await send(member, e, url("-"), baseURL!);
          expect(asMember.status(), `${where} as a member's session`).toBe(403);
          const noScope = await send(lacking.get(scope)!, e, url("-"), baseURL!);
          expect(noScope.status(), `${where} with a key lacking ${scope}`).toBe(403);
          expect(await noScope.text()).toContain(scope);
        }
      }
  });

  test("a key of another agency, with every scope and the first agency's IDs, sees and changes nothing of it", async ({
    baseURL,
  }) => {
    for (const r of v1())
      for (const method of r.methods) {
        const e = endpointOf(r.route, method);
        if (!keyed(e)) continue;
        const where = `${method} ${r.route} with another agency's key`;
        const res = await send(otherAll, e, v1Url(r.route, otherToken), baseURL!);
        const text = await res.text();
        expectNoNorthwindData(text, where);
        expect(res.status(), `${where}: ${text.slice(0, 200)}`).toBeLessThan(500);
        if (e.access === "event-key") expect(res.status(), where).toBe(403);
        else if (r.params.length > 0) expect(res.status(), where).toBe(404);
        // The first agency's webhook named in the body is not found either.
        else if (e.operationId === "startRetryJob") expect(res.status(), where).toBe(404);
        else if (e.operationId === "createWebhook") {
          expect(res.status(), where).toBe(201);
          createdByOtherKey.push((JSON.parse(text) as { id: string }).id);
        } else if (e.operationId === "emitEvent") {
          expect(res.status(), where).toBe(201);
          const { id } = JSON.parse(text) as { id: string };
          const log = (await (await nwAll.get(`/api/v1/webhooks/${nw.webhookId}/deliveries?eventId=${id}`)).json()) as {
            data: unknown[];
          };
          expect(log.data, "another agency's emit reached the first agency's webhook").toEqual([]);
        } else expect(res.status(), where).toBe(200);
      }

    // The first agency's webhook, secret and log are as they were.
    const hook = (await (await nwAll.get(`/api/v1/webhooks/${nw.webhookId}`)).json()) as {
      name: string;
      status: string;
    };
    expect(hook).toMatchObject({ name: `Northwind private ${token}`, status: "active" });
    const secret = (await (await nwAll.get(`/api/v1/webhooks/${nw.webhookId}/secret`)).json()) as { secret: string };
    expect(secret.secret).toBe(nw.secret);
    const detail = (await (await nwAll.get(`/api/v1/deliveries/${nw.deliveryId}`)).json()) as {
      attempts: { trigger: string }[];
    };
    expect(detail.attempts.filter((a) => a.trigger !== "auto")).toEqual([]);
  });
});
