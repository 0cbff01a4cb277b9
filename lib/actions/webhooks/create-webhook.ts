"use server";

import { managerAction } from "@/lib/actions/define-action.ts";
import { actorOf } from "@/lib/audit/record-audit.ts";
import { createWebhookAudited } from "@/lib/webhooks/audited/webhook-changes.ts";
import { CreateWebhookSchema } from "@/lib/webhooks/webhook-input.ts";
import { webhookPages } from "./webhook-pages.ts";

export const createWebhookAction = managerAction(
  { name: "create-webhook", input: CreateWebhookSchema, revalidate: () => webhookPages() },
  async (input, { prisma, ctx }) => {
    const { webhook } = await createWebhookAudited(prisma, { actor: actorOf(ctx), input });
    return { id: webhook.id };
  },
);
