import { apiRoute } from "@/lib/api/api-route.ts";
import { emitEvent, listEvents } from "@/lib/api/v1/event-endpoints.ts";
import { emitEventAndDispatch } from "@/lib/events/dispatch-events.ts";
import { getEvent, listEvents as listAgencyEvents } from "@/lib/events/list-events.ts";
import type { EventData, EventType } from "@/lib/webhooks/event-catalog.ts";

export const POST = apiRoute(emitEvent, async ({ prisma, principal, body }) => {
  const agencyId = principal.agencyId;
  const { id } = await emitEventAndDispatch(prisma, {
    agencyId,
    type: body.type as EventType,
    // Already parsed with this type's catalog schema (the body is one variant per type).
    data: body.data as EventData<EventType>,
    id: body.id as string | undefined,
    occurredAt: body.occurredAt ? new Date(body.occurredAt as string) : undefined,
  });
  return getEvent(prisma, { agencyId, eventId: id });
});

export const GET = apiRoute(listEvents, async ({ prisma, principal, query }) => {
  const page = await listAgencyEvents(prisma, { agencyId: principal.agencyId, ...query });
  return { data: page.items, nextCursor: page.nextCursor };
});
