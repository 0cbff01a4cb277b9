import { describe, expect, it } from "vitest";
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  revealSecret,
  updateWebhook,
} from "@/lib/webhooks/webhook-repo.ts";
import { createAgency } from "./support/fixtures.ts";
import { setUpDatabaseAndReceiver } from "./support/setup.ts";

const fx = setUpDatabaseAndReceiver();
const prisma = () => fx.database.prisma;

describe("webhook repository", () => {
  it("creates with a generated secret stored encrypted, and scopes every query by agency", async () => {
    const agencyId = await createAgency(prisma());
    const other = await createAgency(prisma(), "Other");
    const created = await createWebhook(prisma(), {
      agencyId,
      allowPrivateUrls: true,
      input: { name: "CRM", url: fx.rx.url, events: ["client.created"], headers: { Authorization: "Bearer t" } },
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.secret).toMatch(/^whsec_/);
    const row = await prisma().webhook.findUniqueOrThrow({ where: { id: created.webhook.id } });
    expect(row.secretEnc).not.toContain(created.secret.slice(6));
    expect(await revealSecret(prisma(), { agencyId, webhookId: created.webhook.id })).toBe(created.secret);
    expect(JSON.stringify(created.webhook)).not.toContain(created.secret.slice(6));

    expect(await getWebhook(prisma(), { agencyId: other, webhookId: created.webhook.id })).toBeNull();
    expect(await revealSecret(prisma(), { agencyId: other, webhookId: created.webhook.id })).toBeNull();
    expect(await listWebhooks(prisma(), { agencyId: other })).toEqual([]);
    expect(
      await updateWebhook(prisma(), { agencyId: other, webhookId: created.webhook.id, input: { name: "x" } }),
    ).toMatchObject({ ok: false });
    expect(await deleteWebhook(prisma(), { agencyId: other, webhookId: created.webhook.id })).toBe(false);

    const updated = await updateWebhook(prisma(), {
      agencyId,
      webhookId: created.webhook.id,
      input: { name: "CRM sync", events: ["client.created", "client.updated"] },
    });
    expect(updated).toMatchObject({
      ok: true,
      webhook: { name: "CRM sync", events: ["client.created", "client.updated"] },
    });
    expect((await listWebhooks(prisma(), { agencyId })).map((w) => w.id)).toEqual([created.webhook.id]);
    expect(await deleteWebhook(prisma(), { agencyId, webhookId: created.webhook.id })).toBe(true);
  });

  it("refuses bad input with field errors an admin can act on", async () => {
    const agencyId = await createAgency(prisma());
    const bad = await createWebhook(prisma(), {
      agencyId,
      allowPrivateUrls: true,
      input: { name: "", url: "ftp://x", events: [], headers: { "X-AOSAI-Signature": "x" } },
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    // Every field's problem at once, the URL's scheme included.
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(["events", "headers", "name", "url"]);
    expect(bad.fieldErrors.headers[0]).toContain("cannot be overridden");
    const scheme = await createWebhook(prisma(), {
      agencyId,
      allowPrivateUrls: true,
      input: { name: "a", url: "ftp://x", events: ["task.created"] },
    });
    expect(scheme).toMatchObject({ ok: false, fieldErrors: { url: ["The URL must start with https:// or http://"] } });
    const privateUrl = await createWebhook(prisma(), {
      agencyId,
      allowPrivateUrls: false,
      input: { name: "a", url: "https://10.0.0.5/hook", events: ["task.created"] },
    });
    expect(privateUrl).toMatchObject({
      ok: false,
      fieldErrors: { url: [expect.stringContaining("private address (10.0.0.5)")] },
    });
  });
});
