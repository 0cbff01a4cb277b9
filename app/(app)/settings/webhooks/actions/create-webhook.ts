"use server";

import { fieldFailure, type ActionResult } from "@/lib/action-result.ts";
import { recordAudit } from "@/lib/audit/record-audit.ts";
import { db } from "@/lib/db/index.ts";
import { createWebhook } from "@/lib/webhooks/webhook-repo.ts";
import { guarded, managerContext, refreshWebhookPages } from "./action-guard.ts";
import { WebhookFormSchema, type WebhookFormInput } from "./webhook-form-schema.ts";

export async function createWebhookAction(input: WebhookFormInput): Promise<ActionResult<{ id: string }>> {
  return guarded("create-webhook", async () => {
    const auth = await managerContext();
    if (!auth.ok) return auth;
    const parsed = WebhookFormSchema.safeParse(input);
    if (!parsed.success) return fieldFailure(parsed.error);
    const prisma = await db();
    const result = await createWebhook(prisma, { agencyId: auth.ctx.agency.id, input: parsed.data });
    if (!result.ok) return { ok: false, error: result.error, fieldErrors: result.fieldErrors };
    const { webhook } = result;
    await recordAudit(prisma, {
      ctx: auth.ctx,
      action: "webhook.created",
      webhookId: webhook.id,
      details: { name: webhook.name, url: webhook.url, events: webhook.events },
    });
    refreshWebhookPages(webhook.id);
    return { ok: true, data: { id: webhook.id } };
  });
}
