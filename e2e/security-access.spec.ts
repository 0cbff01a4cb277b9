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

// Generated from the file tree: every page (app/**/page.tsx), route handler (app/api/**/route.ts,
// each exported method) and server action ("use server" files, each export, with its ID from
// the build) is tried signed out, as a member, and as the admin of another agency holding the
// first agency's IDs. A new surface is covered without editing this file.
test.describe.configure({ mode: "serial" });

const pages = listPages();
const routes = listRoutes();
const actions = listActions();
const token = randomBytes(6).toString("hex");

type Northwind = { webhookId: string; deliveryId: string; eventId: string; secret: string; markers: string[] };
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
  nw = {
    webhookId,
    deliveryId,
    eventId,
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
