import { apiRoute } from "@/lib/api/api-route.ts";
import { getEvent } from "@/lib/api/v1/event-endpoints.ts";
import { getEvent as findEvent } from "@/lib/events/list-events.ts";

export const GET = apiRoute(getEvent, async ({ prisma, principal, params }) =>
  findEvent(prisma, { agencyId: principal.agencyId, eventId: params.eventId }),
);
