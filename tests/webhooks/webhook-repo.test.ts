import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error.ts";
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  revealSecret,
  updateWebhook,
} from "@/lib/webhooks/webhook-repo.ts";
import { createAgency } from "./support/fixtures.ts";
import { setUpThisFile } from "../support/file-setup.ts";

const fx = setUpThisFile();
const prisma = () => fx.db.prisma;

describe("webhook repository", () => {
  it("creates with a generated secret stored encrypted, and scopes every query by agency", async () => {
    const agencyId = await createAgency(prisma());
    const other = await createAgency(prisma(), "Other");
    const created = await createWebhook(prisma(), {
      agencyId,
      allowPrivateUrls: true,
      input: { name: "CRM", url: fx.receiver.url, events: ["client.created"], headers: { Authorization: "Bearer t" } },
    });
    expect(created.secret).toMatch(/^whsec_/);
    const row = await prisma().webhook.findUniqueOrThrow({ where: { id: created.webhook.id } });
    expect(row.secretEnc).not.toContain(created.secret.slice(6));
    expect(await revealSecret(prisma(), { agencyId, webhookId: created.webhook.id })).toBe(created.secret);
    expect(JSON.stringify(created.webhook)).not.toContain(created.secret.slice(6));

    // Another agency's webhook answers exactly like a missing one.
    const foreign = { agencyId: other, webhookId: created.webhook.id };
    const notFound = expect.objectContaining({ code: "NOT_FOUND" });
    await expect(getWebhook(prisma(), foreign)).rejects.toThrow(notFound);
    await expect(revealSecret(prisma(), foreign)).rejects.toThrow(notFound);
    expect(await listWebhooks(prisma(), { agencyId: other })).toEqual([]);
    await expect(updateWebhook(prisma(), { ...foreign, input: { name: "x" } })).rejects.toThrow(notFound);
    await expect(deleteWebhook(prisma(), foreign)).rejects.toThrow(notFound);

    const updated = await updateWebhook(prisma(), {
      agencyId,
      webhookId: created.webhook.id,
      input: { name: "CRM sync", events: ["client.created", "client.updated"] },
    });
    expect(updated).toMatchObject({
      before: { name: "CRM" },
      webhook: { name: "CRM sync", events: ["client.created", "client.updated"] },
    });
    expect((await listWebhooks(prisma(), { agencyId })).map((w) => w.id)).toEqual([created.webhook.id]);
    expect(await deleteWebhook(prisma(), { agencyId, webhookId: created.webhook.id })).toMatchObject({
      name: "CRM sync",
    });
    await expect(getWebhook(prisma(), { agencyId, webhookId: created.webhook.id })).rejects.toThrow(notFound);
  });

  it("refuses bad input with field errors an admin can act on", async () => {
    const agencyId = await createAgency(prisma());
    const refusal = (input: Parameters<typeof createWebhook>[1]) =>
      createWebhook(prisma(), input).then(
        () => expect.fail("createWebhook accepted bad input"),
        (err: unknown) => err as AppError,
      );
    const bad = await refusal({
      agencyId,
      allowPrivateUrls: true,
      input: { name: "", url: "ftp://x", events: [], headers: { "X-AOSAI-Signature": "x" } },
    });
    expect(bad).toBeInstanceOf(AppError);
    expect(bad.code).toBe("INVALID_INPUT");
    // Every field's problem at once, the URL's scheme included.
    expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(["events", "headers", "name", "url"]);
    expect(bad.fieldErrors?.headers[0]).toContain("cannot be overridden");
    const scheme = await refusal({
      agencyId,
      allowPrivateUrls: true,
      input: { name: "a", url: "ftp://x", events: ["task.created"] },
    });
    expect(scheme.fieldErrors).toEqual({ url: ["The URL must start with https:// or http://"] });
    const privateUrl = await refusal({
      agencyId,
      allowPrivateUrls: false,
      input: { name: "a", url: "https://10.0.0.5/hook", events: ["task.created"] },
    });
    expect(privateUrl.fieldErrors).toEqual({ url: [expect.stringContaining("private address (10.0.0.5)")] });
  });
});
