"use server";

import { z } from "zod";
import { fieldFailure, type ActionResult } from "@/lib/action-result.ts";
import { recordAudit } from "@/lib/audit/record-audit.ts";
import { db } from "@/lib/db/index.ts";
import { getWebhook, updateWebhook } from "@/lib/webhooks/webhook-repo.ts";
import { guarded, managerContext, NOT_FOUND, refreshWebhookPages } from "./action-guard.ts";
import { WebhookFormSchema } from "./webhook-form-schema.ts";

const UpdateWebhookActionSchema = WebhookFormSchema.omit({ secret: true }).extend({ id: z.string().min(1) });

export async function updateWebhookAction(
  input: z.input<typeof UpdateWebhookActionSchema>,
): Promise<ActionResult<{ id: string }>> {
  return guarded("update-webhook", async () => {
    const auth = await managerContext();
    if (!auth.ok) return auth;
    const parsed = UpdateWebhookActionSchema.safeParse(input);
    if (!parsed.success) return fieldFailure(parsed.error);
    const { id, ...changes } = parsed.data;
    const prisma = await db();
    const agencyId = auth.ctx.agency.id;
    const before = await getWebhook(prisma, { agencyId, webhookId: id });
    if (!before) return { ok: false, error: NOT_FOUND };
    const result = await updateWebhook(prisma, { agencyId, webhookId: id, input: changes });
    if (!result.ok)
      return {
        ok: false,
        error: result.error === "Webhook not found" ? NOT_FOUND : result.error,
        fieldErrors: result.fieldErrors,
      };
    // Say what changed, by field name: enough for "who changed the URL", no secrets involved.
    const changed = (["name", "url", "events", "headers"] as const).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(result.webhook[k]),
    );
    await recordAudit(prisma, {
      ctx: auth.ctx,
      action: "webhook.updated",
      webhookId: id,
      details: { changed, name: result.webhook.name },
    });
    refreshWebhookPages(id);
    return { ok: true, data: { id } };
  });
}
