import { apiRoute } from "@/lib/api/api-route.ts";
import { getEventTypeSchema } from "@/lib/api/v1/event-endpoints.ts";
import { eventPayloadSchemaDocument } from "@/lib/webhooks/catalog-docs/event-json-schema.ts";

export const GET = apiRoute(getEventTypeSchema, async ({ params }) => eventPayloadSchemaDocument(params.type));
