import { apiRoute } from "@/lib/api/api-route.ts";
import { getDelivery } from "@/lib/api/v1/delivery-endpoints.ts";
import { getDeliveryDetail } from "@/lib/webhooks/logs/get-delivery.ts";

export const GET = apiRoute(getDelivery, async ({ prisma, principal, params }) =>
  getDeliveryDetail(prisma, { agencyId: principal.agencyId, deliveryId: params.deliveryId }),
);
