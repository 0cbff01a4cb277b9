import { apiRoute } from "@/lib/api/api-route.ts";
import { retryFailedDeliveries } from "@/lib/api/v1/delivery-endpoints.ts";
import { retryFailedAudited } from "@/lib/webhooks/audited/delivery-retries.ts";

export const POST = apiRoute(retryFailedDeliveries, async ({ prisma, principal, params, body }) =>
  retryFailedAudited(prisma, {
    actor: principal.actor,
    webhookId: params.id,
    from: new Date(body.from),
    to: new Date(body.to),
  }),
);
