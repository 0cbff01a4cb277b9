// Issue 14 item 12: custom header values (API keys, bearer tokens) were stored in plain text
// on the endpoint and again in every attempt's request headers, and sent back by the API.
// They are now AES-256-GCM encrypted like the signing secret, masked wherever shown, revealed
// for admins with an audit entry, and rows written before the change are encrypted at start-up.
// Real PostgreSQL, real deliveries through the engine and the sender, and a dump of every row.
process.env.WEBHOOK_RETRY_SCHEDULE = "1s";
process.env.WEBHOOK_RETRY_JITTER = "0";

import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { applyMigrations, readMigrations, type SqlSession } from "@/lib/db/migrate.ts";
import { openDatabase } from "@/lib/db/open-database.ts";
import { emitEventAndDispatch } from "@/lib/events/index.ts";
import { newId } from "@/lib/ids.ts";
import { revealHeadersAudited, updateWebhookAudited } from "@/lib/webhooks/audited/webhook-changes.ts";
import { decryptHeaders, HEADER_MASK } from "@/lib/webhooks/custom-headers.ts";
import { sampleEventData } from "@/lib/webhooks/event-catalog.ts";
import { getDeliveryDetail } from "@/lib/webhooks/logs/get-delivery.ts";
import { retryDelivery } from "@/lib/webhooks/retry-deliveries.ts";
import { sendTestPayload } from "@/lib/webhooks/send-test-payload.ts";
import { getWebhook, listWebhooks } from "@/lib/webhooks/webhook-repo.ts";
import { setUpThisFile } from "../support/file-setup.ts";
import { dumpRows } from "../support/dump-rows.ts";
import { ADMIN_URL } from "../support/test-database.ts";
import { addWebhook, createAgency } from "../webhooks/support/fixtures.ts";

const token = () => randomBytes(12).toString("hex");
const setup = setUpThisFile({ engine: true, reply: { status: 200, body: "ok" } });

describe("custom header values at rest", () => {
  it("are encrypted on the endpoint and in every attempt, masked when shown, and still sent as they are", async () => {
    const agencyId = await createAgency(setup.db.prisma, "Headers Agency");
    const apiKey = `key-${token()}`;
    const bearer = `Bearer tok-${token()}`;
    const webhook = await addWebhook(setup.db.prisma, agencyId, {
      url: `${setup.receiver.url}/headers`,
      events: ["invoice.paid"],
      headers: { "X-Api-Key": apiKey, Authorization: bearer },
    });
    const { id: eventId } = await emitEventAndDispatch(setup.db.prisma, {
      agencyId,
      type: "invoice.paid",
      data: sampleEventData("invoice.paid"),
    });
    await expect
      .poll(async () => (await setup.db.prisma.delivery.findFirst({ where: { eventId } }))?.status, { timeout: 30_000 })
      .toBe("succeeded");
    const delivery = (await setup.db.prisma.delivery.findFirstOrThrow({ where: { eventId } })).id;
    // A manual retry and a test send record attempts too.
    await retryDelivery(setup.db.prisma, { agencyId, deliveryId: delivery, allowPrivateUrls: true });
    await sendTestPayload(setup.db.prisma, {
      agencyId,
      webhookId: webhook.id,
      eventType: "invoice.paid",
      allowPrivateUrls: true,
    });

    // The receiver got the real values every time.
    const got = setup.receiver.requests.filter((r) => r.path === "/hook/headers");
    expect(got.length).toBe(3);
    for (const r of got) {
      expect(r.headers["x-api-key"]).toBe(apiKey);
      expect(r.headers.authorization).toBe(bearer);
    }

    // No value in any row of any table (endpoint, attempts, engine state, audit).
    const rows = await dumpRows(setup.db.url);
    expect(rows).toContain(eventId);
    expect(rows).toContain("X-Api-Key");
    for (const secret of [apiKey, bearer, bearer.slice("Bearer ".length)]) {
      expect(rows.includes(secret), "a custom header value is in the dump").toBe(false);
    }

    // Shown masked: the endpoint (screens and API read the same view) and every attempt in the log.
    expect((await getWebhook(setup.db.prisma, { agencyId, webhookId: webhook.id })).headers).toEqual({
      "X-Api-Key": HEADER_MASK,
      Authorization: HEADER_MASK,
    });
    expect((await listWebhooks(setup.db.prisma, { agencyId }))[0].headers["X-Api-Key"]).toBe(HEADER_MASK);
    const detail = await getDeliveryDetail(setup.db.prisma, { agencyId, deliveryId: delivery });
    expect(detail.attempts.length).toBe(2);
    for (const a of detail.attempts) {
      expect(a.requestHeaders["X-Api-Key"]).toBe(HEADER_MASK);
      expect(a.requestHeaders.Authorization).toBe(HEADER_MASK);
      // Ours are shown as sent: they are derived, not credentials.
      expect(a.requestHeaders["X-AOSAI-Event-Id"]).toBe(eventId);
    }
    expect(JSON.stringify(detail)).not.toContain(apiKey);
  });

  it("Reveal values decrypts for an admin and leaves an audit entry naming the headers, not their values", async () => {
    const agencyId = await createAgency(setup.db.prisma, "Reveal Agency");
    const value = `reveal-${token()}`;
    const webhook = await addWebhook(setup.db.prisma, agencyId, {
      url: `${setup.receiver.url}/reveal`,
      headers: { "X-Api-Key": value },
    });
    const actor = { agencyId, userId: null, label: "Ada Admin <ada@example.test>" };
    expect(await revealHeadersAudited(setup.db.prisma, { actor, webhookId: webhook.id })).toEqual({
      headers: { "X-Api-Key": value },
    });
    const test = await sendTestPayload(setup.db.prisma, {
      agencyId,
      webhookId: webhook.id,
      eventType: "invoice.paid",
      allowPrivateUrls: true,
    });
    const attempt = await setup.db.prisma.deliveryAttempt.findFirstOrThrow({ where: { webhookId: webhook.id } });
    expect(test).toBeTruthy();
    expect(
      await revealHeadersAudited(setup.db.prisma, { actor, webhookId: webhook.id, attemptId: attempt.id }),
    ).toEqual({
      headers: { "X-Api-Key": value },
    });
    const audit = await setup.db.prisma.auditLog.findMany({ where: { agencyId, action: "webhook.headers_revealed" } });
    expect(audit.length).toBe(2);
    expect(JSON.stringify(audit)).not.toContain(value);
    expect(audit.map((a) => a.details)).toContainEqual({ names: ["X-Api-Key"], attemptId: attempt.id });
    // Another agency's admin gets "not found", for the endpoint and for its attempts.
    const other = { agencyId: await createAgency(setup.db.prisma, "Other"), userId: null, label: "Eve" };
    await expect(revealHeadersAudited(setup.db.prisma, { actor: other, webhookId: webhook.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      revealHeadersAudited(setup.db.prisma, { actor: other, webhookId: webhook.id, attemptId: attempt.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("an edit that sends the mask back keeps the value; a new value replaces it; the audit says headers changed only when they did", async () => {
    const agencyId = await createAgency(setup.db.prisma, "Edit Agency");
    const kept = `kept-${token()}`;
    const webhook = await addWebhook(setup.db.prisma, agencyId, {
      url: `${setup.receiver.url}/edit`,
      headers: { "X-Api-Key": kept, "X-Tenant": "north" },
    });
    const actor = { agencyId, userId: null, label: "Ada" };
    await updateWebhookAudited(setup.db.prisma, {
      actor,
      webhookId: webhook.id,
      input: { name: "Renamed", headers: { "X-Api-Key": HEADER_MASK, "X-Tenant": HEADER_MASK } },
    });
    const stored = await setup.db.prisma.webhook.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(decryptHeaders(stored.headers)).toEqual({ "X-Api-Key": kept, "X-Tenant": "north" });
    await updateWebhookAudited(setup.db.prisma, {
      actor,
      webhookId: webhook.id,
      input: { headers: { "X-Api-Key": HEADER_MASK, "X-Tenant": "south" } },
    });
    const after = await setup.db.prisma.webhook.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(decryptHeaders(after.headers)).toEqual({ "X-Api-Key": kept, "X-Tenant": "south" });
    const changes = await setup.db.prisma.auditLog.findMany({
      where: { agencyId, action: "webhook.updated" },
      orderBy: { createdAt: "asc" },
    });
    expect(changes.map((c) => (c.details as { changed: string[] }).changed)).toEqual([["name"], ["headers"]]);
    // The mask on a header that has no saved value is refused, naming the field.
    await expect(
      updateWebhookAudited(setup.db.prisma, {
        actor,
        webhookId: webhook.id,
        input: { headers: { "X-New": HEADER_MASK } },
      }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: { headers: expect.any(Array) } });
    await expect(
      addWebhook(setup.db.prisma, agencyId, { url: `${setup.receiver.url}/x`, headers: { "X-New": HEADER_MASK } }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("rows stored in plain text before the change are encrypted at start-up: none is left, and deliveries still send them", async () => {
    // A database migrated up to the release before encryption, holding plain-text rows.
    const name = `t_legacy_${Date.now().toString(36)}_${token().slice(0, 6)}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    const session: SqlSession = {
      exec: async (sql) => void (await client.query(sql)),
      query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
    };
    const all = readMigrations();
    const cut = all.findIndex((m) => m.name.endsWith("_encrypt_custom_headers"));
    expect(cut).toBeGreaterThan(0);
    await applyMigrations(session, all.slice(0, cut));
    const legacyValue = `legacy-${token()}`;
    const agencyId = newId("agy");
    const webhookId = newId("wh");
    const eventId = newId("evt");
    const deliveryId = newId("dlv");
    await client.query(`INSERT INTO agencies (id, name, slug) VALUES ($1, 'Legacy', $1)`, [agencyId]);
    // The secret column holds a real ciphertext (the sender needs it); only the headers are old-style.
    const { encryptSecret, generateSecret } = await import("@/lib/webhooks/webhook-secret.ts");
    await client.query(
      `INSERT INTO webhooks (id, agency_id, name, url, events, secret_enc, headers, updated_at)
       VALUES ($1, $2, 'Legacy', $3, ARRAY['invoice.paid'], $4, $5::jsonb, now())`,
      [
        webhookId,
        agencyId,
        `${setup.receiver.url}/legacy`,
        encryptSecret(generateSecret()),
        JSON.stringify({ "X-Api-Key": legacyValue }),
      ],
    );
    await client.query(
      `INSERT INTO events (id, agency_id, type, data, occurred_at) VALUES ($1, $2, 'invoice.paid', $3::jsonb, now())`,
      [eventId, agencyId, JSON.stringify(sampleEventData("invoice.paid"))],
    );
    await client.query(
      `INSERT INTO deliveries (id, agency_id, webhook_id, event_id, event_type, status, updated_at)
       VALUES ($1, $2, $3, $4, 'invoice.paid', 'failed', now())`,
      [deliveryId, agencyId, webhookId, eventId],
    );
    await client.query(
      `INSERT INTO delivery_attempts (id, delivery_id, webhook_id, number, trigger, request_url, request_headers, request_body, duration_ms)
       VALUES ($1, $2, $3, 1, 'auto', $4, $5::jsonb, '{}', 5)`,
      [
        newId("att"),
        deliveryId,
        webhookId,
        `${setup.receiver.url}/legacy`,
        JSON.stringify({ "Content-Type": "application/json", "X-AOSAI-Event-Id": eventId, "X-Api-Key": legacyValue }),
      ],
    );
    await client.end();
    expect(await dumpRows(url.toString())).toContain(legacyValue);

    // Start-up: the remaining migrations, then the encryption of what they listed.
    const upgraded = await openDatabase({ url: url.toString(), poolSize: 2 });
    try {
      const rows = await dumpRows(url.toString());
      expect(rows).toContain(webhookId);
      expect(rows.includes(legacyValue), "a plain-text header value survived the upgrade").toBe(false);
      expect(await upgraded.prisma.plaintextHeaderRow.count()).toBe(0);
      const detail = await getDeliveryDetail(upgraded.prisma, { agencyId, deliveryId });
      expect(detail.attempts[0].requestHeaders).toMatchObject({
        "X-Api-Key": HEADER_MASK,
        "X-AOSAI-Event-Id": eventId,
      });
      // A second start-up changes nothing (no double encryption).
      const again = await openDatabase({ url: url.toString(), poolSize: 2 });
      await again.close();
      const stored = await upgraded.prisma.webhook.findUniqueOrThrow({ where: { id: webhookId } });
      expect(decryptHeaders(stored.headers)).toEqual({ "X-Api-Key": legacyValue });
      // And the real value is what a delivery sends.
      await retryDelivery(upgraded.prisma, { agencyId, deliveryId, allowPrivateUrls: true });
      expect(setup.receiver.requests.find((r) => r.path === "/hook/legacy")?.headers["x-api-key"]).toBe(legacyValue);
    } finally {
      await upgraded.close();
      const drop = new pg.Client({ connectionString: ADMIN_URL });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await drop.end();
    }
  });
});
