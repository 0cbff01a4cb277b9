import { apiRoute } from "@/lib/api/api-route.ts";
import { retryDelivery } from "@/lib/api/v1/delivery-endpoints.ts";
import { retryDeliveryAudited } from "@/lib/webhooks/audited/delivery-retries.ts";

export const POST = apiRoute(retryDelivery, async ({ prisma, principal, params }) =>
  retryDeliveryAudited(prisma, { actor: principal.actor, deliveryId: params.deliveryId }),
);
