"use server";

import { managerAction } from "@/lib/actions/define-action.ts";
import { recordAudit } from "@/lib/audit/record-audit.ts";
import { toAttemptResultView } from "@/lib/webhooks/attempt-result-view.ts";
import { retryDelivery } from "@/lib/webhooks/retry-deliveries.ts";
import { DeliveryRefSchema } from "./schemas.ts";
import { webhookPages } from "./webhook-pages.ts";

/** Retry: a new attempt of one delivery now; its result comes back to the screen. */
export const retryDeliveryAction = managerAction(
  { name: "retry-delivery", input: DeliveryRefSchema, revalidate: ({ webhookId }) => webhookPages(webhookId) },
  async ({ webhookId, deliveryId }, { prisma, ctx, agencyId }) => {
    const result = await retryDelivery(prisma, { agencyId, webhookId, deliveryId });
    await recordAudit(prisma, {
      ctx,
      action: "delivery.retried",
      webhookId,
      details: { deliveryId, eventId: result.eventId, statusCode: result.statusCode, ok: result.ok },
    });
    return toAttemptResultView(result);
  },
);
