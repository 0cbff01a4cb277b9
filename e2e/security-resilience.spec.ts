import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { seededRandom, startFaultyReceiver, type FaultyReceiver } from "../scripts/reliability/faulty-receiver.ts";
import { emitThroughApp, startApp, type AppProcess } from "./support/app-process.ts";
import { startPrivatePostgres, type PrivatePostgres } from "./support/private-postgres.ts";
import { listActions, workerUrl } from "./support/route-inventory.ts";
import { apiSession, callAction } from "./support/security-http.ts";
import { signInFrom } from "./support/sign-in-from.ts";

// One whole app run on a PostgreSQL server of this test's own, with everything captured:
// faults under load through the real app process, SIGKILL mid-load and restart, PostgreSQL
// stopped and started mid-load (the app must recover by itself), then the app's complete
// stdout/stderr and every row of its database are scanned for every secret and password used, and finally the
// sign-in limits are tried with a dedicated account made through /setup, from many loopback
// addresses (the app counts the socket's address: TRUSTED_PROXY_HOPS is 0 by default).
test.describe.configure({ mode: "serial" });
test.skip(Boolean(process.env.E2E_BASE_URL), "needs to start, kill and restart its own server and database");

const EVENTS = 120;
const ENDPOINTS = 3;
const LOG_FILE = "test-results/security-resilience-app.log";
const OWNER = { email: "resilience-owner@example.test", password: `owner-pw-${randomBytes(8).toString("hex")}` };
const OPERATOR_TOKEN = `op-${randomBytes(16).toString("hex")}`;
const AUTH_SECRET = randomBytes(32).toString("base64");
const ENCRYPTION_KEY = randomBytes(32).toString("base64");
const secrets: string[] = [];

let db: PrivatePostgres;
let app: AppProcess | undefined;
let owner: APIRequestContext | undefined;
const receivers: FaultyReceiver[] = [];
const eventIds: string[] = [];
let appOptions: Parameters<typeof startApp>[0];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  db = await startPrivatePostgres();
  mkdirSync("test-results", { recursive: true });
  rmSync(LOG_FILE, { force: true });
  appOptions = {
    port: Number(process.env.E2E_PORT ?? 3100) + 3,
    dataDir: ".data-e2e/security-resilience",
    logFile: LOG_FILE,
    env: {
      DATABASE_URL: db.url,
      AUTH_SECRET,
      WEBHOOK_ENCRYPTION_KEY: ENCRYPTION_KEY,
      OPERATOR_TOKEN,
      WEBHOOK_TIMEOUT_MS: "1000",
      WEBHOOK_RETRY_SCHEDULE: "1s,1s,2s,2s,2s,2s,2s,2s,2s,2s,2s,2s",
    },
  };
});

test.afterAll(async () => {
  await owner?.dispose();
  await app?.kill();
  for (const r of receivers) await r.close();
  await db?.destroy();
});

async function query<T>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

const deliveryCounts = () =>
  query<{ status: string; n: string }>(
    "SELECT status, count(*) AS n FROM deliveries WHERE NOT is_test GROUP BY status",
  ).then((rows) => Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Record<string, number>);

async function health(
  url: string,
): Promise<{ status: number; body: { database?: { ok: boolean }; engine?: { ok: boolean; running?: boolean } } }> {
  try {
    const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) });
    return { status: res.status, body: await res.json() };
  } catch {
    return { status: 0, body: {} };
  }
}

test("setup: a dedicated owner through /setup, three webhooks through the real actions", async ({ page }) => {
  test.setTimeout(150_000);
  app = await startApp({ ...appOptions, fresh: true });
  await page.goto(`${app.url}/setup`);
  await page.getByLabel("Agency name").fill("Resilience Lab");
  await page.getByLabel("Your name").fill("Rita Resilience");
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel(/^Password/).fill(OWNER.password);
  await page.getByRole("button", { name: "Create agency" }).click();
  await expect(page.getByTestId("current-user")).toContainText("Rita Resilience");

  // The demo agencies too (a second account for the per-address limit); the seed's own output is not the app's log.
  const seeded = spawnSync("npx", ["tsx", "scripts/db-seed.ts", "--with-second-agency"], {
    env: { ...process.env, DATA_DIR: appOptions.dataDir, ...appOptions.env, NODE_ENV: "production" },
    encoding: "utf8",
  });
  expect(seeded.status, seeded.stderr).toBe(0);

  owner = await apiSession(app.url, OWNER);
  const create = listActions().find((a) => a.name === "createWebhookAction");
  expect(create?.id).toBeTruthy();
  const random = seededRandom(7);
  for (let i = 0; i < ENDPOINTS; i++) {
    const receiver = await startFaultyReceiver({
      faultRate: 0.3,
      senderTimeoutMs: 1000,
      refusedEveryMs: 5000 + i * 1100,
      refusedForMs: 1000,
      random,
    });
    receivers.push(receiver);
    const secret = `whsec_${randomBytes(32).toString("base64")}`;
    secrets.push(secret);
    const res = await callAction(owner, {
      id: create!.id!,
      page: workerUrl(create!.pages[0]),
      origin: app.url,
      args: [
        {
          name: `Resilience ${i + 1}`,
          url: `${receiver.url}/r${i + 1}`,
          events: ["invoice.paid", "task.created"],
          headers: { "X-Tenant": "resilience" },
          secret,
        },
      ],
    });
    expect(res.result, res.text).toMatchObject({ ok: true });
  }
});

test("faults under load, SIGKILL mid-load, PostgreSQL stopped and started mid-load: every delivery completes", async () => {
  test.setTimeout(420_000);
  const expected = EVENTS * ENDPOINTS;
  for (let i = 0; i < EVENTS; i += 6) {
    const batch = Array.from({ length: Math.min(6, EVENTS - i) }, (_, k) =>
      emitThroughApp(app!, OPERATOR_TOKEN, {
        type: (i + k) % 2 ? "invoice.paid" : "task.created",
        agency: "resilience-lab",
      }),
    );
    eventIds.push(...(await Promise.all(batch)));
  }
  const received = () => receivers.reduce((n, r) => n + r.received.length, 0);
  await expect.poll(received, { timeout: 60_000 }).toBeGreaterThan(expected / 4);

  // 1. SIGKILL with work in flight.
  await app!.kill("SIGKILL");
  const atKill = await deliveryCounts();
  expect(atKill.succeeded ?? 0, "the kill came too late to prove anything").toBeLessThan(expected);
  app = await startApp(appOptions);
  const afterRestart = received();
  await expect.poll(received, { timeout: 60_000 }).toBeGreaterThan(afterRestart + 20);

  // 2. PostgreSQL goes away mid-load: health says so, then the app carries on by itself.
  const beforeStop = await deliveryCounts();
  expect(beforeStop.succeeded ?? 0).toBeLessThan(expected);
  await db.stop();
  await expect.poll(async () => (await health(app!.url)).status, { timeout: 20_000 }).toBe(503);
  expect((await health(app!.url)).body.database?.ok).toBe(false);
  await new Promise((r) => setTimeout(r, 5000));
  await db.start();
  await expect.poll(async () => (await health(app!.url)).status, { timeout: 60_000 }).toBe(200);
  const h = await health(app!.url);
  expect(h.body.database?.ok).toBe(true);
  expect(h.body.engine?.ok).toBe(true);

  await expect
    .poll(async () => (await deliveryCounts()).succeeded ?? 0, { timeout: 240_000, intervals: [2000] })
    .toBe(expected);

  // Nothing lost: every (event, endpoint) got a 2xx at its receiver, and the database agrees.
  const rows = await query<{ event_id: string; webhook_id: string; status: string; id: string }>(
    "SELECT id, event_id, webhook_id, status FROM deliveries WHERE NOT is_test",
  );
  expect(rows).toHaveLength(expected);
  expect(new Set(rows.map((r) => r.event_id))).toEqual(new Set(eventIds));
  let duplicates = 0;
  receivers.forEach((receiver, i) => {
    const okByDelivery = new Map<string, string[]>();
    for (const r of receiver.received) {
      expect(r.eventId, `receiver ${i + 1}: header and body disagree`).toBe(r.bodyEventId);
      if (r.outcome === "ok") okByDelivery.set(r.deliveryId, [...(okByDelivery.get(r.deliveryId) ?? []), r.eventId]);
    }
    const delivered = new Set([...okByDelivery.values()].map((ids) => ids[0]));
    expect(delivered.size, `receiver ${i + 1} is missing events`).toBe(EVENTS);
    expect(delivered).toEqual(new Set(eventIds));
    for (const ids of okByDelivery.values()) {
      // A duplicate (answered, then the app died before recording it) repeats the same event ID.
      expect(new Set(ids).size).toBe(1);
      duplicates += ids.length - 1;
    }
  });
  const attempts = await query<{ n: string }>("SELECT count(*) AS n FROM delivery_attempts");
  console.log(
    `resilience: ${EVENTS} events × ${ENDPOINTS} endpoints, ${attempts[0].n} attempts logged, ${received()} requests received, ${receivers.reduce((n, r) => n + r.refusedWindows, 0)} refused windows, ${duplicates} duplicates (same event ID), 0 lost`,
  );
  expect(await query("SELECT id FROM engine_runs WHERE status IN ('queued','running','failed')")).toEqual([]);
  expect(await query("SELECT event_id FROM engine_batch_items WHERE batch_run_id IS NULL")).toEqual([]);
});

test("no secret or password in the app's logs, nor in any row of its database", async () => {
  expect(existsSync(LOG_FILE)).toBe(true);
  const log = readFileSync(LOG_FILE, "utf8");
  // The log is real: both runs started and the outage was noticed.
  expect(log.match(/database ready \(PostgreSQL at /g)?.length ?? 0).toBeGreaterThanOrEqual(2);
  const dump = await db.dump();
  expect(dump).toContain(OWNER.email);
  const forbidden: [string, string][] = [
    ...secrets.flatMap((s, i): [string, string][] => [
      [`webhook secret ${i + 1}`, s],
      [`webhook secret ${i + 1} (key part)`, s.slice(6)],
    ]),
    ["the owner's password", OWNER.password],
    ["the demo password", "demo-password-1"],
    ["AUTH_SECRET", AUTH_SECRET],
    ["WEBHOOK_ENCRYPTION_KEY", ENCRYPTION_KEY],
    ["the operator token", OPERATOR_TOKEN],
  ];
  for (const [what, value] of forbidden) {
    expect(log.includes(value), `${what} appears in the app's log`).toBe(false);
    expect(dump.includes(value), `${what} appears in the database dump`).toBe(false);
  }
});

test("sign-in limits slow the guesser, not the owner: many addresses cannot lock the owner out; the guesser's own address is throttled", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const WRONG = "Wrong email or password.";
  const THROTTLED = /^Too many failed sign-ins\. Wait \d+ (second|minute)s?, then try again\.$/;
  // The owner signed in from 127.0.0.1 at setup (the browser and apiSession): a known address.
  // 30 guesses at the owner's password, each from its own address (127.0.0.10 … 127.0.0.39).
  const guesses: (string | undefined)[] = [];
  for (let i = 0; i < 30; i++) {
    const r = await signInFrom(app!.url, `127.0.0.${10 + i}`, { email: OWNER.email, password: `guess-${i}` });
    expect(r.signedIn).toBe(false);
    guesses.push(r.error);
  }
  expect(guesses.slice(0, 5)).toEqual(Array(5).fill(WRONG));
  // Past the free failures the account's delay lets one guess through at a time: most wait.
  const delayed = guesses.slice(5).filter((e) => THROTTLED.test(e ?? ""));
  expect(delayed.length, guesses.join("\n")).toBeGreaterThanOrEqual(20);
  // Even the right password from a new address waits for the delay (a delay, not a lock)…
  const fromNewAddress = await signInFrom(app!.url, "127.0.0.90", OWNER);
  expect(fromNewAddress.error ?? "").toMatch(THROTTLED);

  // …while the owner, on the login form from the known address, signs in at once.
  const context = await browser.newContext({ baseURL: app!.url });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toContainText("Rita Resilience");
  await context.close();

  // The guesser's own (account, address): 5 wrong passwords, then even the right one waits there.
  const demo = { email: "admin@globex.test", password: "demo-password-1" };
  for (let i = 0; i < 5; i++) {
    expect((await signInFrom(app!.url, "127.0.0.50", { ...demo, password: `guess-${i}` })).error).toBe(WRONG);
  }
  expect((await signInFrom(app!.url, "127.0.0.50", demo)).error ?? "").toMatch(THROTTLED);

  // The guesser's own address, spraying many accounts and forging X-Forwarded-For (a new value
  // each time, and 127.0.0.1, everyone's address without the header): throttled after 20, by
  // its socket address; the header is ignored, so 127.0.0.1 is untouched.
  for (let i = 0; i < 20; i++) {
    const r = await signInFrom(
      app!.url,
      "127.0.0.60",
      { email: `nobody-${i}@example.test`, password: "wrong-password" },
      { "X-Forwarded-For": i % 2 ? "127.0.0.1" : `203.0.113.${i}` },
    );
    expect(r.error).toBe(WRONG);
  }
  const another = { email: "admin@northwind.test", password: "demo-password-1" };
  const throttledThere = await signInFrom(app!.url, "127.0.0.60", another, { "X-Forwarded-For": "198.51.100.1" });
  expect(throttledThere.error ?? "").toMatch(THROTTLED);
  expect((await signInFrom(app!.url, "127.0.0.1", another)).signedIn).toBe(true);
  expect((await signInFrom(app!.url, "127.0.0.61", another)).signedIn).toBe(true);

  // The server said at start-up which address the limits count.
  expect(readFileSync(LOG_FILE, "utf8")).toContain(
    "[agency-os] client address: the socket's (TRUSTED_PROXY_HOPS=0; X-Forwarded-For is ignored)",
  );
});
