import { apiRoute } from "@/lib/api/api-route.ts";
import { resendEvent } from "@/lib/api/v1/delivery-endpoints.ts";
import { resendEvent as resend } from "@/lib/webhooks/recovery/resend-event.ts";

export const POST = apiRoute(resendEvent, async ({ prisma, principal, params, body }) =>
  resend(prisma, { actor: principal.actor, eventId: params.eventId, webhookIds: body.webhookIds }),
);
