"use server";

import { managerAction } from "@/lib/actions/define-action.ts";
import { recordAudit } from "@/lib/audit/record-audit.ts";
import { deleteWebhook } from "@/lib/webhooks/webhook-repo.ts";
import { WebhookIdSchema } from "./schemas.ts";
import { webhookPages } from "./webhook-pages.ts";

export const deleteWebhookAction = managerAction(
  { name: "delete-webhook", input: WebhookIdSchema, revalidate: () => webhookPages() },
  async ({ id }, { prisma, ctx, agencyId }) => {
    const webhook = await deleteWebhook(prisma, { agencyId, webhookId: id });
    // The audit row outlives the webhook (it belongs to the agency), so the deletion stays on record.
    await recordAudit(prisma, {
      ctx,
      action: "webhook.deleted",
      webhookId: webhook.id,
      details: { name: webhook.name, url: webhook.url },
    });
  },
);
