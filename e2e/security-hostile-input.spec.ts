import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { startReceiver, type Receiver } from "../tests/support/receiver.ts";
import { accounts } from "./support/accounts.ts";
import { listActions, workerUrl, type ActionSurface } from "./support/route-inventory.ts";
import { apiSession, callAction } from "./support/security-http.ts";
import { signIn } from "./support/sign-in.ts";

// Hostile input: markup in every field an admin or a receiver controls is shown as text and
// never runs; oversized, malformed and unknown input gets a clear refusal; a server action
// posted from another origin does nothing.

const token = randomBytes(5).toString("hex");
// Each payload sets a flag or opens a dialog if it ever runs.
const NAME = `<img src=x onerror="window.__xss='name'">Hook ${token}<script>window.__xss='name-script'</script>`;
const HEADER_VALUE = `<script>window.__xss='header'</script><img src=x onerror=alert('header')>`;
const CLIENT_NAME = `<svg onload="window.__xss='data'"></svg><script>alert('data')</script>`;
const RESPONSE_BODY = `<h1>oops</h1><img src=x onerror="window.__xss='response'"><script>alert('response')</script>`;
const URL_SUFFIX = `/hook-${token}?q="><img src=x onerror=alert('url')>`;

let admin: APIRequestContext;
let receiver: Receiver;
let webhookId = "";
let eventId = "";
let actions: ActionSurface[];

function action(name: string): { id: string; page: string } {
  const a = actions.find((x) => x.name === name);
  if (!a?.id) throw new Error(`server action ${name} is not in the build`);
  return { id: a.id, page: workerUrl(a.pages[0]) };
}

async function watchForScript(page: Page): Promise<string[]> {
  const ran: string[] = [];
  page.on("dialog", (d) => {
    ran.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return ran;
}

async function expectNothingRan(page: Page, ran: string[]) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss ?? null)).toBeNull();
  expect(ran).toEqual([]);
}

test.beforeAll(async ({ baseURL }) => {
  actions = listActions();
  admin = await apiSession(baseURL!, accounts.admin);
  receiver = await startReceiver({
    status: 500,
    headers: { "X-Evil": "<script>alert('response-header')</script>" },
    body: RESPONSE_BODY,
  });
  const create = action("createWebhookAction");
  const created = await callAction(admin, {
    ...create,
    origin: baseURL,
    args: [
      {
        name: NAME,
        url: `${receiver.url}${URL_SUFFIX}`,
        events: ["invoice.paid"],
        headers: { "X-Payload": HEADER_VALUE },
      },
    ],
  });
  expect(created.result, created.text).toMatchObject({ ok: true });
  webhookId = (created.result as { data: { id: string } }).data.id;
  const data = {
    id: 7,
    invoice_number: "INV-<b>7</b>",
    client_name: CLIENT_NAME,
    amount: 10,
    currency: "USD",
    paid_date: "2026-03-31",
  };
  const emitted = await admin.post("/api/events", {
    headers: { Origin: baseURL! },
    data: { type: "invoice.paid", data },
  });
  expect(emitted.status(), await emitted.text()).toBe(201);
  eventId = ((await emitted.json()) as { id: string }).id;
  await expect
    .poll(() => receiver.requests.filter((r) => r.headers["x-aosai-event-id"] === eventId).length, { timeout: 30_000 })
    .toBeGreaterThan(0);
});

test.afterAll(async ({ baseURL }) => {
  const del = actions?.find((a) => a.name === "deleteWebhookAction");
  if (del?.id && webhookId)
    await callAction(admin, { id: del.id, page: workerUrl(del.pages[0]), origin: baseURL, args: [{ id: webhookId }] });
  await admin?.dispose();
  await receiver?.close();
});

test("markup in names, URLs, custom headers, event data and response bodies is shown as text and never runs", async ({
  page,
}) => {
  const ran = await watchForScript(page);
  await signIn(page, accounts.admin);

  await page.goto("/settings/webhooks");
  await expect(page.getByText(`Hook ${token}`).first()).toBeVisible();
  await expect(page.getByText(NAME).first()).toBeVisible();
  await expectNothingRan(page, ran);

  await page.goto(`/settings/webhooks/${webhookId}`);
  await expect(page.getByText(NAME).first()).toBeVisible();
  const row = page.getByTestId("delivery-row").filter({ hasText: eventId });
  await expect
    .poll(
      async () => {
        if ((await row.count()) === 0) await page.getByRole("button", { name: "Refresh" }).click();
        return row.count();
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);
  await row.getByRole("button", { name: /^Details/ }).click();
  const sheet = page.getByTestId("delivery-sheet");
  await expect(sheet.getByTestId("response-body").first()).toContainText(RESPONSE_BODY);
  // The request as sent: the event data and the custom header, verbatim.
  await expect(sheet).toContainText(CLIENT_NAME.replace(/"/g, '\\"'));
  await expect(sheet).toContainText(HEADER_VALUE);
  await expectNothingRan(page, ran);

  await page.goto(`/settings/webhooks/${webhookId}/edit`);
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveValue(NAME);
  await expect(page.getByRole("textbox", { name: "Header 1 value" })).toHaveValue(HEADER_VALUE);
  await expectNothingRan(page, ran);
});

test("oversized input is refused with a clear message", async ({ baseURL }) => {
  const create = action("createWebhookAction");
  const longName = await callAction(admin, {
    ...create,
    origin: baseURL,
    args: [{ name: "n".repeat(5000), url: "http://127.0.0.1:9/x", events: ["invoice.paid"], headers: {} }],
  });
  expect(longName.result).toMatchObject({ ok: false });
  expect(JSON.stringify(longName.result)).toContain("Keep the name under 100 characters");
  const longHeader = await callAction(admin, {
    ...create,
    origin: baseURL,
    args: [
      {
        name: "Big header",
        url: "http://127.0.0.1:9/x",
        events: ["invoice.paid"],
        headers: { "X-Big": "v".repeat(3000) },
      },
    ],
  });
  expect(JSON.stringify(longHeader.result)).toContain("Keep header values under 2,000 characters");
  const longUrl = await callAction(admin, {
    ...create,
    origin: baseURL,
    args: [{ name: "Long URL", url: `http://127.0.0.1:9/${"u".repeat(3000)}`, events: ["invoice.paid"], headers: {} }],
  });
  expect(JSON.stringify(longUrl.result)).toContain("The URL is too long");

  // Event data over 256 KB, and a body far over any limit.
  const bigData = await admin.post("/api/events", {
    headers: { Origin: baseURL! },
    data: { type: "ticket.created", data: { id: 1, subject: "s".repeat(300 * 1024) } },
  });
  expect([400, 413]).toContain(bigData.status());
  expect(((await bigData.json()) as { error: string }).error).toMatch(/KB/);
  const huge = await admin.post("/api/events", {
    headers: { Origin: baseURL!, "content-type": "application/json" },
    data: Buffer.from(`{"type":"invoice.paid","data":"${"x".repeat(5 * 1024 * 1024)}"}`),
  });
  expect(huge.status()).toBe(413);
  expect(((await huge.json()) as { error: string }).error).toMatch(/over \d+ KB/);
});

test("unknown event types, malformed JSON, invalid cursors and filters get a clear 400", async ({ baseURL }) => {
  // A Buffer goes on the wire byte for byte (a string would be JSON-encoded once more).
  const post = (data: string) =>
    admin.post("/api/events", {
      headers: { Origin: baseURL!, "content-type": "application/json" },
      data: Buffer.from(data),
    });
  const unknown = await post(JSON.stringify({ type: "invoice.exploded" }));
  expect(unknown.status()).toBe(400);
  expect(((await unknown.json()) as { error: string }).error).toContain('unknown event type "invoice.exploded"');
  const malformed = await post('{"type": "invoice.paid",');
  expect(malformed.status()).toBe(400);
  expect(((await malformed.json()) as { error: string }).error).toBe("The body must be JSON.");
  const badData = await post(JSON.stringify({ type: "invoice.paid", data: { id: "not a number" } }));
  expect(badData.status()).toBe(400);
  expect(((await badData.json()) as { error: string }).error).toMatch(/data/);

  const log = `/api/webhooks/${webhookId}/deliveries`;
  for (const cursor of ["not-a-cursor", Buffer.from('{"t":"yesterday","i":"x"}').toString("base64url"), "%00%01"]) {
    const res = await admin.get(`${log}?cursor=${encodeURIComponent(cursor)}`);
    expect(res.status(), `cursor ${cursor.slice(0, 40)}`).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/page link has expired or was changed/);
  }
});

test("the delivery log refuses invalid filters and over-long cursors with a clear 400 (not a 500, not silently unfiltered)", async () => {
  const log = `/api/webhooks/${webhookId}/deliveries`;
  for (const filter of [
    "status=exploded",
    "eventType=invoice.exploded",
    "limit=-5",
    "limit=abc",
    `eventId=${"e".repeat(200)}`,
    `cursor=${"x".repeat(600)}`,
  ]) {
    const res = await admin.get(`${log}?${filter}`);
    expect(res.status(), `filter ${filter.slice(0, 40)}`).toBe(400);
    expect(((await res.json()) as { error?: string }).error, `filter ${filter.slice(0, 40)}`).toBeTruthy();
  }
});

test("a server action or an emit posted from another origin is refused and does nothing", async ({ baseURL }) => {
  const create = action("createWebhookAction");
  const name = `Cross-origin ${token}`;
  const res = await callAction(admin, {
    ...create,
    origin: "http://evil.example",
    args: [{ name, url: "http://127.0.0.1:9/x", events: ["invoice.paid"], headers: {} }],
  });
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.result?.ok).not.toBe(true);
  const list = (await (await admin.get("/api/webhooks")).json()) as { webhooks: { name: string }[] };
  expect(list.webhooks.some((w) => w.name === name)).toBe(false);

  // The same action from the app's own origin works, so the refusal above is about the origin.
  const ok = await callAction(admin, {
    ...create,
    origin: baseURL,
    args: [{ name, url: "http://127.0.0.1:9/x", events: ["invoice.paid"], headers: {} }],
  });
  expect(ok.result).toMatchObject({ ok: true });
  const del = action("deleteWebhookAction");
  await callAction(admin, { ...del, origin: baseURL, args: [{ id: (ok.result as { data: { id: string } }).data.id }] });

  const emit = await admin.post("/api/events", {
    headers: { Origin: "http://evil.example" },
    data: { type: "invoice.paid" },
  });
  expect(emit.status()).toBe(403);
  const fetchSite = await admin.post("/api/events", {
    headers: { "Sec-Fetch-Site": "cross-site" },
    data: { type: "invoice.paid" },
  });
  expect(fetchSite.status()).toBe(403);
});
