"use server";

import { managerAction } from "@/lib/actions/define-action.ts";
import { recordAudit } from "@/lib/audit/record-audit.ts";
import { rotateSecret } from "@/lib/webhooks/rotate-secret.ts";
import { WebhookIdSchema } from "./schemas.ts";
import { webhookPages } from "./webhook-pages.ts";

/** A new secret signs from now on; the old one keeps signing for 24 h. */
export const rotateSecretAction = managerAction(
  { name: "rotate-secret", input: WebhookIdSchema, revalidate: ({ id }) => webhookPages(id) },
  async ({ id }, { prisma, ctx, agencyId }) => {
    const result = await rotateSecret(prisma, { agencyId, webhookId: id });
    const previousValidUntil = result.previousValidUntil.toISOString();
    await recordAudit(prisma, {
      ctx,
      action: "webhook.secret_rotated",
      webhookId: id,
      details: { previousValidUntil },
    });
    return { secret: result.secret, previousValidUntil };
  },
);
