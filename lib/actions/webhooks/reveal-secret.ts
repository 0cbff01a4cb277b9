"use server";

import { managerAction } from "@/lib/actions/define-action.ts";
import { recordAudit } from "@/lib/audit/record-audit.ts";
import { revealSecret } from "@/lib/webhooks/webhook-repo.ts";
import { WebhookIdSchema } from "./schemas.ts";

/** Decrypts the signing secret for the admin's Reveal/Copy; each reveal is on record. */
export const revealSecretAction = managerAction(
  { name: "reveal-secret", input: WebhookIdSchema },
  async ({ id }, { prisma, ctx, agencyId }) => {
    const secret = await revealSecret(prisma, { agencyId, webhookId: id });
    await recordAudit(prisma, { ctx, action: "webhook.secret_revealed", webhookId: id });
    return { secret };
  },
);
