"use server";

import { managerAction } from "@/lib/actions/define-action.ts";
import { actorOf } from "@/lib/audit/record-audit.ts";
import { retryFailedAudited } from "@/lib/webhooks/audited/delivery-retries.ts";
import { RETRY_RANGES, RetryFailedSchema } from "@/lib/webhooks/retry-ranges.ts";
import { webhookPages } from "./webhook-pages.ts";

/** Retry Failed: every failed delivery of one endpoint in the chosen time range gets an attempt now. */
export const retryFailedAction = managerAction(
  { name: "retry-failed", input: RetryFailedSchema, revalidate: ({ webhookId }) => webhookPages(webhookId) },
  async ({ webhookId, range }, { prisma, ctx }) => {
    const to = new Date();
    const from = new Date(to.getTime() - RETRY_RANGES[range].ms);
    return retryFailedAudited(prisma, { actor: actorOf(ctx), webhookId, from, to, range });
  },
);
