"use server";

import { managerAction } from "@/lib/actions/define-action.ts";
import { recordAudit } from "@/lib/audit/record-audit.ts";
import { CreateWebhookSchema } from "@/lib/webhooks/webhook-input.ts";
import { createWebhook } from "@/lib/webhooks/webhook-repo.ts";
import { webhookPages } from "./webhook-pages.ts";

export const createWebhookAction = managerAction(
  { name: "create-webhook", input: CreateWebhookSchema, revalidate: () => webhookPages() },
  async (input, { prisma, ctx, agencyId }) => {
    const { webhook } = await createWebhook(prisma, { agencyId, input });
    await recordAudit(prisma, {
      ctx,
      action: "webhook.created",
      webhookId: webhook.id,
      details: { name: webhook.name, url: webhook.url, events: webhook.events },
    });
    return { id: webhook.id };
  },
);
