"use server";

import { z } from "zod";
import { fieldFailure, type ActionResult } from "@/lib/action-result.ts";
import { recordAudit } from "@/lib/audit/record-audit.ts";
import { db } from "@/lib/db/index.ts";
import { deleteWebhook, getWebhook } from "@/lib/webhooks/webhook-repo.ts";
import { guarded, managerContext, NOT_FOUND, refreshWebhookPages } from "./action-guard.ts";

const DeleteWebhookSchema = z.object({ id: z.string().min(1) });

export async function deleteWebhookAction(input: z.input<typeof DeleteWebhookSchema>): Promise<ActionResult> {
  return guarded("delete-webhook", async () => {
    const auth = await managerContext();
    if (!auth.ok) return auth;
    const parsed = DeleteWebhookSchema.safeParse(input);
    if (!parsed.success) return fieldFailure(parsed.error);
    const prisma = await db();
    const agencyId = auth.ctx.agency.id;
    const webhook = await getWebhook(prisma, { agencyId, webhookId: parsed.data.id });
    if (!webhook || !(await deleteWebhook(prisma, { agencyId, webhookId: parsed.data.id })))
      return { ok: false, error: NOT_FOUND };
    // The audit row outlives the webhook (it belongs to the agency), so the deletion stays on record.
    await recordAudit(prisma, {
      ctx: auth.ctx,
      action: "webhook.deleted",
      webhookId: webhook.id,
      details: { name: webhook.name, url: webhook.url },
    });
    refreshWebhookPages();
    return { ok: true };
  });
}
