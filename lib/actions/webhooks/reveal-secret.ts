"use server";

import { managerAction } from "@/lib/actions/define-action.ts";
import { actorOf } from "@/lib/audit/record-audit.ts";
import { revealSecretAudited } from "@/lib/webhooks/audited/webhook-changes.ts";
import { WebhookIdSchema } from "./schemas.ts";

/** Decrypts the signing secret for the admin's Reveal/Copy; each reveal is on record. */
export const revealSecretAction = managerAction(
  { name: "reveal-secret", input: WebhookIdSchema },
  async ({ id }, { prisma, ctx }) => revealSecretAudited(prisma, { actor: actorOf(ctx), webhookId: id }),
);
