"use server";

import { z } from "zod";
import { fieldFailure, type ActionResult } from "@/lib/action-result.ts";
import { recordAudit } from "@/lib/audit/record-audit.ts";
import { db } from "@/lib/db/index.ts";
import { revealSecret } from "@/lib/webhooks/webhook-repo.ts";
import { guarded, managerContext, NOT_FOUND } from "./action-guard.ts";

const RevealSecretSchema = z.object({ id: z.string().min(1) });

/** Decrypts the signing secret for the admin's Reveal/Copy; each reveal is on record. */
export async function revealSecretAction(
  input: z.input<typeof RevealSecretSchema>,
): Promise<ActionResult<{ secret: string }>> {
  return guarded("reveal-secret", async () => {
    const auth = await managerContext();
    if (!auth.ok) return auth;
    const parsed = RevealSecretSchema.safeParse(input);
    if (!parsed.success) return fieldFailure(parsed.error);
    const prisma = await db();
    const secret = await revealSecret(prisma, { agencyId: auth.ctx.agency.id, webhookId: parsed.data.id });
    if (!secret) return { ok: false, error: NOT_FOUND };
    await recordAudit(prisma, { ctx: auth.ctx, action: "webhook.secret_revealed", webhookId: parsed.data.id });
    return { ok: true, data: { secret } };
  });
}
