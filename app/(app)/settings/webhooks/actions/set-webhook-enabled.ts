"use server";

import { z } from "zod";
import { fieldFailure, type ActionResult } from "@/lib/action-result.ts";
import { recordAudit } from "@/lib/audit/record-audit.ts";
import { db } from "@/lib/db/index.ts";
import { setWebhookEnabled } from "@/lib/webhooks/webhook-status.ts";
import { guarded, managerContext, NOT_FOUND, refreshWebhookPages } from "./action-guard.ts";

const SetWebhookEnabledSchema = z.object({ id: z.string().min(1), enabled: z.boolean() });

/** Disable pauses deliveries and retries; Enable resumes them (paused deliveries are sent). */
export async function setWebhookEnabledAction(
  input: z.input<typeof SetWebhookEnabledSchema>,
): Promise<ActionResult<{ resumed: number }>> {
  return guarded("set-webhook-enabled", async () => {
    const auth = await managerContext();
    if (!auth.ok) return auth;
    const parsed = SetWebhookEnabledSchema.safeParse(input);
    if (!parsed.success) return fieldFailure(parsed.error);
    const prisma = await db();
    const result = await setWebhookEnabled(prisma, {
      agencyId: auth.ctx.agency.id,
      webhookId: parsed.data.id,
      enabled: parsed.data.enabled,
    });
    if (!result) return { ok: false, error: NOT_FOUND };
    await recordAudit(prisma, {
      ctx: auth.ctx,
      action: parsed.data.enabled ? "webhook.enabled" : "webhook.disabled",
      webhookId: parsed.data.id,
      details: parsed.data.enabled ? { resumed: result.resumed } : {},
    });
    refreshWebhookPages(parsed.data.id);
    return { ok: true, data: { resumed: result.resumed } };
  });
}
