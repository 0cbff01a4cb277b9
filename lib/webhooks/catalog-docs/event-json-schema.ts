import { z } from "zod";
import { eventDefinition, type EventType } from "../event-catalog.ts";
import { buildPayloadBody, type WebhookPayload } from "../webhook-payload.ts";

export type JsonSchema = Record<string, unknown>;

const SAMPLE_EVENT_ID = "evt_01jqexample0000000000000000";
const SAMPLE_TIME = new Date("2026-03-31T12:00:00Z");

/**
 * The JSON Schema (2020-12) of an event type's `data`, from its zod schema. The input side is
 * published: it does not forbid extra properties, so a field added later is not a breaking
 * change for receivers that validate (emitEvent strips unknown keys, so none are ever sent).
 */
export function eventDataJsonSchema(type: EventType): JsonSchema {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(eventDefinition(type).schema, {
    target: "draft-2020-12",
    io: "input",
  }) as JsonSchema;
  return schema;
}

/** The whole body a receiver gets for this type (docs/verifying-signatures.md, "What arrives"), its sample as the example. */
export function eventPayloadJsonSchema(type: EventType): JsonSchema {
  return {
    title: type,
    description: eventDefinition(type).description,
    type: "object",
    required: ["id", "event", "timestamp", "data"],
    properties: {
      id: { type: "string", description: "The event's ID: the same for every endpoint and every retry." },
      event: { type: "string", const: type },
      timestamp: { type: "string", format: "date-time", description: "When it happened (ISO 8601, UTC)." },
      data: eventDataJsonSchema(type),
    },
    examples: [samplePayload(type)],
  };
}

/** A standalone schema document, as the event catalog's download offers it (its $id is where it is served). */
export function eventPayloadSchemaDocument(type: EventType): JsonSchema {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `/api/v1/event-types/${type}/schema.json`,
    ...eventPayloadJsonSchema(type),
  };
}

/** The sample payload exactly as Test sends it and the catalog page shows it. */
export function samplePayload(type: EventType): WebhookPayload {
  return JSON.parse(
    buildPayloadBody({
      eventId: SAMPLE_EVENT_ID,
      eventType: type,
      occurredAt: SAMPLE_TIME,
      data: eventDefinition(type).sample,
    }),
  ) as WebhookPayload;
}
