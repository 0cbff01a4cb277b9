"use server";

import { managerAction } from "@/lib/actions/define-action.ts";
import { actorOf } from "@/lib/audit/record-audit.ts";
import { retryDeliveryAudited } from "@/lib/webhooks/audited/delivery-retries.ts";
import { DeliveryRefSchema } from "./schemas.ts";
import { webhookPages } from "./webhook-pages.ts";

/** Retry: a new attempt of one delivery now; its result comes back to the screen. */
export const retryDeliveryAction = managerAction(
  { name: "retry-delivery", input: DeliveryRefSchema, revalidate: ({ webhookId }) => webhookPages(webhookId) },
  async ({ webhookId, deliveryId }, { prisma, ctx }) =>
    retryDeliveryAudited(prisma, { actor: actorOf(ctx), webhookId, deliveryId }),
);
