// Failure alerts end to end: real attempts to a real receiver on 127.0.0.1, the real
// send-alert-emails function driven by the embedded engine, and a real SMTP server whose
// received messages are read back.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSendAlertEmails } from "@/inngest/functions/send-alert-emails.ts";
import { warnBeforeAutoDisable } from "@/lib/alerts/endpoint-health-alerts.ts";
import { sendDigests } from "@/lib/alerts/send-alert-emails.ts";
import { smtpMailer } from "@/lib/alerts/mailer.ts";
import { resetConfig } from "@/lib/config/index.ts";
import type { Engine } from "@/lib/engine/engine.ts";
import { newId } from "@/lib/ids.ts";
import { attemptDelivery } from "@/lib/webhooks/attempt-delivery.ts";
import { autoDisableFailingWebhooks, setWebhookEnabled } from "@/lib/webhooks/webhook-status.ts";
import { startReceiver, type Receiver } from "../support/receiver.ts";
import { freePort, startSmtpServer, type SmtpServer } from "../support/smtp-server.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { runsOf, startTestEngine, waitFor } from "../engine/engine-harness.ts";
import { addDelivery, addWebhook, createAgency } from "../webhooks/support/fixtures.ts";

const DAY = 86_400_000;
const AFTER_MS = 5 * DAY;
const opts = { allowPrivateUrls: true, timeoutMs: 2_000, autoDisableAfterMs: AFTER_MS };
const policy = { schedule: [60_000], jitter: 0, maxRetryAfterMs: 0 };

let db: TestDatabase;
let rx: Receiver;
let engine: Engine;
const prisma = () => db.prisma;

function useSmtp(url: string) {
  process.env.SMTP_URL = url;
  process.env.APP_URL = "https://agency.example";
  resetConfig();
}

beforeAll(async () => {
  useSmtp(`smtp://127.0.0.1:${await freePort()}`);
  db = await createTestDatabase();
  rx = await startReceiver();
  engine = await startTestEngine(db.prisma, [createSendAlertEmails({ prisma: async () => db.prisma })]);
});

afterAll(async () => {
  await engine?.stop();
  await rx?.close();
  await db?.drop();
  delete process.env.SMTP_URL;
  delete process.env.APP_URL;
  resetConfig();
});

async function addPerson(agencyId: string, role: "owner" | "admin" | "member", name: string) {
  const id = newId("usr");
  await prisma().user.create({
    data: { id, email: `${name.toLowerCase()}-${id}@studio.test`, name, passwordHash: "-" },
  });
  await prisma().membership.create({ data: { id: newId("mem"), userId: id, agencyId, role } });
  return { id, email: `${name.toLowerCase()}-${id}@studio.test` };
}

async function setUp() {
  const agencyId = await createAgency(prisma());
  const owner = await addPerson(agencyId, "owner", "Olivia");
  const admin = await addPerson(agencyId, "admin", "Adam");
  const member = await addPerson(agencyId, "member", "Mia");
  const hook = await addWebhook(prisma(), agencyId, { url: rx.url, name: "CRM sync" });
  return { agencyId, owner, admin, member, hook };
}

async function attempt(agencyId: string, webhookId: string, status: number) {
  rx.respondWith({ status });
  const { deliveryId } = await addDelivery(prisma(), agencyId, webhookId);
  return attemptDelivery(prisma(), { ...opts, policy, agencyId, deliveryId, trigger: "auto", autoAttempt: 1 });
}

const kindsFor = async (userId: string) =>
  (
    await prisma().notification.findMany({ where: { userId }, include: { alert: true }, orderBy: { createdAt: "asc" } })
  ).map((n) => n.alert.kind);

/** Every send-alert-emails run has finished: nothing more is on its way. */
async function mailSettled() {
  await waitFor(
    async () => (await runsOf(prisma(), "send-alert-emails")).every((r) => r.status === "completed"),
    20_000,
    "send-alert-emails runs to complete",
  );
}

async function expectMail(smtp: SmtpServer, count: number) {
  await waitFor(async () => smtp.messages.length >= count, 20_000, `${count} emails`);
  await mailSettled();
  expect(smtp.messages).toHaveLength(count);
}

describe("failure alerts", () => {
  let smtp: SmtpServer;
  beforeEach(async () => {
    smtp = await startSmtpServer();
    useSmtp(smtp.url);
    return () => smtp.close();
  });

  it("announce healthy → failing → a day before disabling → disabled → re-enabled → recovered, once each", async () => {
    const { agencyId, owner, admin, member, hook } = await setUp();
    const managers = [owner.email, admin.email].sort();
    const lastTwo = () => smtp.messages.slice(-2);
    const recipients = () =>
      lastTwo()
        .flatMap((m) => m.to)
        .sort();

    // Healthy: deliveries succeed, nobody is told anything.
    await attempt(agencyId, hook.id, 200);
    await attempt(agencyId, hook.id, 204);
    await mailSettled();
    expect(await kindsFor(owner.id)).toEqual([]);
    expect(smtp.messages).toHaveLength(0);

    // Failing: the first failure after a success; then more failures, and no more alerts.
    await attempt(agencyId, hook.id, 500);
    await expectMail(smtp, 2);
    expect(recipients()).toEqual(managers);
    const [failing] = smtp.messages;
    expect(failing.subject).toBe("Webhook “CRM sync” is failing");
    expect(failing.text).toContain(`Endpoint: CRM sync (${rx.url})`);
    expect(failing.text).toContain("Last error: The endpoint answered 500 (class: HTTP status)");
    expect(failing.text).toMatch(/Disabled automatically on .+ \(in 4 days 23 hours\) unless a delivery succeeds/);
    expect(failing.text).toContain(`https://agency.example/settings/webhooks/${hook.id}?tab=logs`);
    for (let i = 0; i < 3; i++) await attempt(agencyId, hook.id, 503);
    await mailSettled();
    expect(smtp.messages).toHaveLength(2);
    expect(await kindsFor(owner.id)).toEqual(["failing"]);
    expect(await kindsFor(admin.id)).toEqual(["failing"]);
    expect(await kindsFor(member.id)).toEqual([]);

    // A day before automatic disabling: the hourly sweep warns once.
    await prisma().webhook.update({
      where: { id: hook.id },
      data: { failingSince: new Date(Date.now() - 4 * DAY - 60_000) },
    });
    expect(await warnBeforeAutoDisable(prisma(), { afterMs: AFTER_MS })).toBe(1);
    expect(await warnBeforeAutoDisable(prisma(), { afterMs: AFTER_MS })).toBe(0);
    await expectMail(smtp, 4);
    expect(recipients()).toEqual(managers);
    expect(lastTwo()[0].subject).toBe("Webhook “CRM sync” will be disabled in a day");
    expect(lastTwo()[0].text).toContain("(in 23 hours)");
    expect(lastTwo()[0].text).toContain("Last error: The endpoint answered 503");
    await attempt(agencyId, hook.id, 500);
    await mailSettled();
    expect(smtp.messages).toHaveLength(4);

    // Disabled: the attempt after five days of failure pauses the endpoint and says so, once.
    await prisma().webhook.update({
      where: { id: hook.id },
      data: { failingSince: new Date(Date.now() - 5 * DAY - 60_000) },
    });
    const disabling = await attempt(agencyId, hook.id, 502);
    expect(disabling).toMatchObject({ endpointDisabledReason: expect.stringContaining("failed since") });
    expect(await autoDisableFailingWebhooks(prisma(), { afterMs: AFTER_MS })).toBe(0);
    await expectMail(smtp, 6);
    expect(recipients()).toEqual(managers);
    expect(lastTwo()[0].subject).toBe("Webhook “CRM sync” was disabled");
    expect(lastTwo()[0].text).toContain("Reason: Disabled automatically: every delivery has failed since");
    expect(lastTwo()[0].text).toContain("Last error: The endpoint answered 502");

    // Re-enabled by an admin: not an alert.
    await setWebhookEnabled(prisma(), { agencyId, webhookId: hook.id, enabled: true, queue: async () => {} });
    await mailSettled();
    expect(smtp.messages).toHaveLength(6);

    // Recovering: the first success says so; later successes say nothing.
    await attempt(agencyId, hook.id, 200);
    await expectMail(smtp, 8);
    expect(recipients()).toEqual(managers);
    expect(lastTwo()[0].subject).toBe("Webhook “CRM sync” has recovered");
    expect(lastTwo()[0].text).not.toContain("Last error");
    await attempt(agencyId, hook.id, 200);
    await mailSettled();
    expect(smtp.messages).toHaveLength(8);

    const expected = ["failing", "disabling_soon", "disabled", "recovered"];
    expect(await kindsFor(owner.id)).toEqual(expected);
    expect(await kindsFor(admin.id)).toEqual(expected);
    expect(await kindsFor(member.id)).toEqual([]);
    const row = await prisma().webhook.findUniqueOrThrow({ where: { id: hook.id } });
    expect(row).toMatchObject({ status: "active", alertState: null, failingSince: null });
  });

  it("a 410 Gone on a healthy endpoint is one alert (disabled), not failing and disabled", async () => {
    const { agencyId, owner, hook } = await setUp();
    await attempt(agencyId, hook.id, 200);
    await attempt(agencyId, hook.id, 410);
    await expectMail(smtp, 2);
    expect(smtp.messages.map((m) => m.subject)).toEqual([
      "Webhook “CRM sync” was disabled",
      "Webhook “CRM sync” was disabled",
    ]);
    expect(await kindsFor(owner.id)).toEqual(["disabled"]);
  });

  it("with ALERT_FAILURE_STREAK=3, an endpoint counts as failing at its third failure in a row", async () => {
    process.env.ALERT_FAILURE_STREAK = "3";
    resetConfig();
    try {
      const { agencyId, owner, hook } = await setUp();
      await attempt(agencyId, hook.id, 200);
      await attempt(agencyId, hook.id, 500);
      await attempt(agencyId, hook.id, 500);
      await mailSettled();
      expect(await kindsFor(owner.id)).toEqual([]);
      expect(smtp.messages).toHaveLength(0);
      await attempt(agencyId, hook.id, 500);
      await expectMail(smtp, 2);
      expect(await kindsFor(owner.id)).toEqual(["failing"]);
    } finally {
      delete process.env.ALERT_FAILURE_STREAK;
      resetConfig();
    }
  });

  it("emails each person as they chose: off, immediate or in the daily digest", async () => {
    const { agencyId, owner, admin, hook } = await setUp();
    await prisma().userPreference.create({ data: { userId: owner.id, alertEmails: "off" } });
    await prisma().userPreference.create({
      data: { userId: admin.id, alertEmails: "daily", timeZone: "Europe/Berlin" },
    });
    await attempt(agencyId, hook.id, 500);
    await mailSettled();
    // Both see it in the app; neither gets an email now.
    expect(await kindsFor(owner.id)).toEqual(["failing"]);
    expect(await kindsFor(admin.id)).toEqual(["failing"]);
    expect(smtp.messages).toHaveLength(0);
    // 07:00 UTC is 08:00 in Berlin in December: the admin's digest hour.
    const eight = new Date();
    eight.setUTCHours(7, 5, 0, 0);
    const ten = new Date(eight.getTime() + 2 * 3_600_000);
    expect(await sendDigests(prisma(), smtpMailer(), ten)).toBe(0);
    expect(await sendDigests(prisma(), smtpMailer(), eight)).toBe(1);
    expect(await sendDigests(prisma(), smtpMailer(), eight)).toBe(0);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].to).toEqual([admin.email]);
    expect(smtp.messages[0].subject).toBe("Webhook alerts: 1 change");
    expect(smtp.messages[0].text).toContain("Webhook “CRM sync” is failing");
    expect(smtp.messages[0].text).toContain("GMT+1");
  });
});

describe("with the mail server down during the first alert", () => {
  it("the alert is kept and its emails arrive once SMTP is back", async () => {
    const port = await freePort();
    useSmtp(`smtp://127.0.0.1:${port}`);
    const { agencyId, owner, admin, hook } = await setUp();
    await attempt(agencyId, hook.id, 200);
    await attempt(agencyId, hook.id, 500);
    // In the app at once, whatever the mail server does.
    expect(await kindsFor(owner.id)).toEqual(["failing"]);
    // The run has tried and failed at least once against the closed port.
    await waitFor(
      async () =>
        (await prisma().engineRun.findFirst({
          where: { functionId: { endsWith: "send-alert-emails" }, attempt: { gte: 1 } },
        })) !== null,
      20_000,
      "a failed try of send-alert-emails",
    );
    const waiting = await prisma().notification.findMany({ where: { agencyId } });
    expect(waiting.map((n) => n.emailStatus)).toEqual(["pending", "pending"]);

    const smtp = await startSmtpServer(port);
    try {
      await expectMail(smtp, 2);
      expect(smtp.messages.flatMap((m) => m.to).sort()).toEqual([owner.email, admin.email].sort());
      expect(smtp.messages[0].subject).toBe("Webhook “CRM sync” is failing");
      const sent = await prisma().notification.findMany({ where: { agencyId } });
      expect(sent.map((n) => n.emailStatus)).toEqual(["sent", "sent"]);
    } finally {
      await smtp.close();
    }
  });
});
