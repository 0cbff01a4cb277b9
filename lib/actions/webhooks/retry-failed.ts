"use server";

import { managerAction } from "@/lib/actions/define-action.ts";
import { recordAudit } from "@/lib/audit/record-audit.ts";
import { retryFailedDeliveries } from "@/lib/webhooks/retry-deliveries.ts";
import { RETRY_RANGES, RetryFailedSchema } from "@/lib/webhooks/retry-ranges.ts";
import { webhookPages } from "./webhook-pages.ts";

/** Retry Failed: every failed delivery of one endpoint in the chosen time range gets an attempt now. */
export const retryFailedAction = managerAction(
  { name: "retry-failed", input: RetryFailedSchema, revalidate: ({ webhookId }) => webhookPages(webhookId) },
  async ({ webhookId, range }, { prisma, ctx, agencyId }) => {
    const to = new Date();
    const from = new Date(to.getTime() - RETRY_RANGES[range].ms);
    const result = await retryFailedDeliveries(prisma, { agencyId, webhookId, from, to });
    await recordAudit(prisma, {
      ctx,
      action: "delivery.retried_failed",
      webhookId,
      details: { range, matched: result.matched, attempted: result.attempted, succeeded: result.succeeded },
    });
    return result;
  },
);
