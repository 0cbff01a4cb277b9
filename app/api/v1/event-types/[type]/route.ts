import { apiRoute } from "@/lib/api/api-route.ts";
import { eventTypeResource } from "@/lib/api/v1/event-type-resource.ts";
import { getEventType } from "@/lib/api/v1/event-endpoints.ts";

export const GET = apiRoute(getEventType, async ({ params }) => eventTypeResource(params.type));
