import { z } from "zod";
import { EVENT_TYPES, eventDefinition, type EventType } from "@/lib/webhooks/event-catalog.ts";
import { samplePayload } from "@/lib/webhooks/catalog-docs/event-json-schema.ts";
import { RECEIVER_HEADERS } from "@/lib/webhooks/catalog-docs/receiver-headers.ts";

const pascal = (type: EventType) =>
  type
    .split(/[._]/)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");

/** The body a receiver gets for one event type, from the catalog's own zod schema. */
export function webhookPayloadSchema(type: EventType) {
  return z
    .object({
      id: z.string().meta({ description: "The event's ID: the same for every endpoint and every retry" }),
      event: z.literal(type),
      timestamp: z.iso.datetime().meta({ description: "When it happened (ISO 8601, UTC)" }),
      data: eventDefinition(type).schema,
    })
    .meta({ id: `${pascal(type)}Event`, description: eventDefinition(type).description, example: samplePayload(type) });
}

/** The headers of every delivery, as an OpenAPI request-headers object. */
export const ReceiverHeaders = z.object(
  Object.fromEntries(
    RECEIVER_HEADERS.map((h) => {
      const schema = z.string().meta({ description: h.description, example: h.example });
      return [h.name, h.required ? schema : schema.optional()];
    }),
  ),
);

export const WEBHOOK_TYPES = EVENT_TYPES;
