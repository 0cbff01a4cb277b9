import { apiRoute } from "@/lib/api/api-route.ts";
import { eventTypeResource } from "@/lib/api/v1/event-type-resource.ts";
import { listEventTypes } from "@/lib/api/v1/event-endpoints.ts";
import { EVENT_TYPES } from "@/lib/webhooks/event-catalog.ts";

// The catalog changes only with a deploy: rendered at build time.
export const dynamic = "force-static";

export const GET = apiRoute(listEventTypes, async () => ({ data: EVENT_TYPES.map(eventTypeResource) }));
