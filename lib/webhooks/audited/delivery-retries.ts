import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit.ts";
import { toAttemptResultView } from "../attempt-result-view.ts";
import { retryDelivery } from "../retry-deliveries.ts";

// Retries by a person or an API key, with their audit entries (shared by the actions and the API).

/** One delivery, now. Without `webhookId` the delivery is found by its ID within the agency. */
export async function retryDeliveryAudited(
  prisma: PrismaClient,
  args: { actor: AuditActor; deliveryId: string; webhookId?: string },
) {
  const result = await retryDelivery(prisma, {
    agencyId: args.actor.agencyId,
    deliveryId: args.deliveryId,
    webhookId: args.webhookId,
  });
  await recordAudit(prisma, {
    actor: args.actor,
    action: "delivery.retried",
    webhookId: result.webhookId,
    details: { deliveryId: args.deliveryId, eventId: result.eventId, statusCode: result.statusCode, ok: result.ok },
  });
  return toAttemptResultView(result);
}
