"use server";

import { z } from "zod";
import { fieldFailure, type ActionResult } from "@/lib/action-result.ts";
import { recordAudit } from "@/lib/audit/record-audit.ts";
import { db } from "@/lib/db/index.ts";
import { rotateSecret } from "@/lib/webhooks/rotate-secret.ts";
import { guarded, managerContext, NOT_FOUND, refreshWebhookPages } from "./action-guard.ts";

const RotateSecretSchema = z.object({ id: z.string().min(1) });

/** A new secret signs from now on; the old one keeps signing for 24 h. */
export async function rotateSecretAction(
  input: z.input<typeof RotateSecretSchema>,
): Promise<ActionResult<{ secret: string; previousValidUntil: string }>> {
  return guarded("rotate-secret", async () => {
    const auth = await managerContext();
    if (!auth.ok) return auth;
    const parsed = RotateSecretSchema.safeParse(input);
    if (!parsed.success) return fieldFailure(parsed.error);
    const prisma = await db();
    const result = await rotateSecret(prisma, { agencyId: auth.ctx.agency.id, webhookId: parsed.data.id });
    if (!result) return { ok: false, error: NOT_FOUND };
    const previousValidUntil = result.previousValidUntil.toISOString();
    await recordAudit(prisma, {
      ctx: auth.ctx,
      action: "webhook.secret_rotated",
      webhookId: parsed.data.id,
      details: { previousValidUntil },
    });
    refreshWebhookPages(parsed.data.id);
    return { ok: true, data: { secret: result.secret, previousValidUntil } };
  });
}
