"use server";

import { managerAction } from "@/lib/actions/define-action.ts";
import { actorOf } from "@/lib/audit/record-audit.ts";
import { rotateSecretAudited } from "@/lib/webhooks/audited/webhook-changes.ts";
import { WebhookIdSchema } from "./schemas.ts";
import { webhookPages } from "./webhook-pages.ts";

/** A new secret signs from now on; the old one keeps signing for 24 h. */
export const rotateSecretAction = managerAction(
  { name: "rotate-secret", input: WebhookIdSchema, revalidate: ({ id }) => webhookPages(id) },
  async ({ id }, { prisma, ctx }) => rotateSecretAudited(prisma, { actor: actorOf(ctx), webhookId: id }),
);
