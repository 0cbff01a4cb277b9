"use server";

import { z } from "zod";
import { managerAction } from "@/lib/actions/define-action.ts";
import { recordAudit } from "@/lib/audit/record-audit.ts";
import { setWebhookEnabled } from "@/lib/webhooks/webhook-status.ts";
import { webhookPages } from "./webhook-pages.ts";

const SetWebhookEnabledSchema = z.object({ id: z.string().min(1), enabled: z.boolean() });

/** Disable pauses deliveries and retries; Enable resumes them (paused deliveries are sent). */
export const setWebhookEnabledAction = managerAction(
  { name: "set-webhook-enabled", input: SetWebhookEnabledSchema, revalidate: ({ id }) => webhookPages(id) },
  async ({ id, enabled }, { prisma, ctx, agencyId }) => {
    const { resumed } = await setWebhookEnabled(prisma, { agencyId, webhookId: id, enabled });
    await recordAudit(prisma, {
      ctx,
      action: enabled ? "webhook.enabled" : "webhook.disabled",
      webhookId: id,
      details: enabled ? { resumed } : {},
    });
    return { resumed };
  },
);
