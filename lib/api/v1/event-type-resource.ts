import type { z } from "zod";
import { eventDefinition, type EventType } from "@/lib/webhooks/event-catalog.ts";
import { eventPayloadJsonSchema, samplePayload } from "@/lib/webhooks/catalog-docs/event-json-schema.ts";
import type { EventTypeResource } from "./resources.ts";

export function eventTypeResource(type: EventType): z.input<typeof EventTypeResource> {
  const def = eventDefinition(type);
  return {
    type,
    group: def.group,
    description: def.description,
    schema: eventPayloadJsonSchema(type),
    sample: samplePayload(type),
  };
}
