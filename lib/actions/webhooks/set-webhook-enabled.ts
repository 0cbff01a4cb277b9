"use server";

import { z } from "zod";
import { managerAction } from "@/lib/actions/define-action.ts";
import { actorOf } from "@/lib/audit/record-audit.ts";
import { setWebhookEnabledAudited } from "@/lib/webhooks/audited/webhook-changes.ts";
import { webhookPages } from "./webhook-pages.ts";

const SetWebhookEnabledSchema = z.object({ id: z.string().min(1), enabled: z.boolean() });

/** Disable pauses deliveries and retries; Enable resumes them (paused deliveries are sent). */
export const setWebhookEnabledAction = managerAction(
  { name: "set-webhook-enabled", input: SetWebhookEnabledSchema, revalidate: ({ id }) => webhookPages(id) },
  async ({ id, enabled }, { prisma, ctx }) =>
    setWebhookEnabledAudited(prisma, { actor: actorOf(ctx), webhookId: id, enabled }),
);
