import { apiRoute } from "@/lib/api/api-route.ts";
import { listDeliveries } from "@/lib/api/v1/delivery-endpoints.ts";
import { listDeliveries as listLog } from "@/lib/webhooks/logs/list-deliveries.ts";
import { getWebhook } from "@/lib/webhooks/webhook-repo.ts";

export const GET = apiRoute(listDeliveries, async ({ prisma, principal, params, query }) => {
  const agencyId = principal.agencyId;
  // Another agency's webhook answers exactly like a missing one (404).
  await getWebhook(prisma, { agencyId, webhookId: params.id });
  const page = await listLog(prisma, { agencyId, webhookId: params.id, query });
  return { data: page.items, nextCursor: page.nextCursor };
});
