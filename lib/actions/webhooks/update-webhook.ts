"use server";

import { z } from "zod";
import { managerAction } from "@/lib/actions/define-action.ts";
import { actorOf } from "@/lib/audit/record-audit.ts";
import { updateWebhookAudited } from "@/lib/webhooks/audited/webhook-changes.ts";
import { WebhookInputSchema } from "@/lib/webhooks/webhook-input.ts";
import { webhookPages } from "./webhook-pages.ts";

// The Edit form's fields (the same schema the form validates with) plus the webhook it edits.
const UpdateWebhookActionSchema = WebhookInputSchema.extend({ id: z.string().min(1) });

export const updateWebhookAction = managerAction(
  { name: "update-webhook", input: UpdateWebhookActionSchema, revalidate: ({ id }) => webhookPages(id) },
  async ({ id, ...changes }, { prisma, ctx }) => {
    await updateWebhookAudited(prisma, { actor: actorOf(ctx), webhookId: id, input: changes });
    return { id };
  },
);
