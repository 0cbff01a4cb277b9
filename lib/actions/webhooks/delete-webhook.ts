"use server";

import { managerAction } from "@/lib/actions/define-action.ts";
import { actorOf } from "@/lib/audit/record-audit.ts";
import { deleteWebhookAudited } from "@/lib/webhooks/audited/webhook-changes.ts";
import { WebhookIdSchema } from "./schemas.ts";
import { webhookPages } from "./webhook-pages.ts";

export const deleteWebhookAction = managerAction(
  { name: "delete-webhook", input: WebhookIdSchema, revalidate: () => webhookPages() },
  async ({ id }, { prisma, ctx }) => {
    await deleteWebhookAudited(prisma, { actor: actorOf(ctx), webhookId: id });
  },
);
