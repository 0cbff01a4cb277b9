"use server";

import { z } from "zod";
import { managerAction } from "@/lib/actions/define-action.ts";
import { recordAudit } from "@/lib/audit/record-audit.ts";
import { WebhookInputSchema } from "@/lib/webhooks/webhook-input.ts";
import { updateWebhook } from "@/lib/webhooks/webhook-repo.ts";
import { webhookPages } from "./webhook-pages.ts";

// The Edit form's fields (the same schema the form validates with) plus the webhook it edits.
const UpdateWebhookActionSchema = WebhookInputSchema.extend({ id: z.string().min(1) });

export const updateWebhookAction = managerAction(
  { name: "update-webhook", input: UpdateWebhookActionSchema, revalidate: ({ id }) => webhookPages(id) },
  async ({ id, ...changes }, { prisma, ctx, agencyId }) => {
    const { before, webhook } = await updateWebhook(prisma, { agencyId, webhookId: id, input: changes });
    // Say what changed, by field name: enough for "who changed the URL", no secrets involved.
    const changed = (["name", "url", "events", "headers"] as const).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(webhook[k]),
    );
    await recordAudit(prisma, {
      ctx,
      action: "webhook.updated",
      webhookId: id,
      details: { changed, name: webhook.name },
    });
    return { id };
  },
);
