import packageJson from "@/package.json" with { type: "json" };
import { EVENT_TYPES, eventDefinition, type EventType } from "../event-catalog.ts";
import { eventPayloadJsonSchema, samplePayload, type JsonSchema } from "./event-json-schema.ts";
import { RECEIVER_HEADERS } from "./receiver-headers.ts";

// AsyncAPI ids may not contain dots in every tool; `invoice.paid` becomes `invoice_paid`.
const idOf = (type: EventType) => type.replace(/\./g, "_");

function headersSchema(): JsonSchema {
  return {
    type: "object",
    required: RECEIVER_HEADERS.filter((h) => h.required).map((h) => h.name),
    properties: Object.fromEntries(
      RECEIVER_HEADERS.map((h) => [h.name, { type: "string", description: h.description, examples: [h.example] }]),
    ),
  };
}

/**
 * The event catalog as an AsyncAPI 3 document: the app sends one message per event type over
 * HTTP POST to each subscribed endpoint (an address only the admin knows, hence null).
 */
export function buildAsyncApiDocument(): JsonSchema {
  const messages: Record<string, JsonSchema> = {};
  const channels: Record<string, JsonSchema> = {};
  const operations: Record<string, JsonSchema> = {};
  for (const type of EVENT_TYPES) {
    const id = idOf(type);
    messages[id] = {
      name: type,
      title: type,
      summary: eventDefinition(type).description,
      contentType: "application/json",
      headers: headersSchema(),
      payload: eventPayloadJsonSchema(type),
      bindings: { http: { headers: headersSchema() } },
      examples: [{ name: "sample", payload: samplePayload(type) }],
    };
    channels[id] = {
      address: null,
      title: type,
      description: `The endpoints subscribed to ${type}.`,
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
    };
    operations[`send_${id}`] = {
      action: "send",
      title: `Send ${type}`,
      summary: eventDefinition(type).description,
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
      bindings: { http: { method: "POST" } },
    };
  }
  return {
    asyncapi: "3.0.0",
    info: {
      title: "Agency OS Webhooks: events",
      version: packageJson.version,
      description:
        "Every event a webhook can subscribe to. Each delivery is one signed HTTP POST whose body is the event; verify X-AOSAI-Signature or the Standard Webhooks headers before trusting it.",
    },
    defaultContentType: "application/json",
    channels,
    operations,
    components: { messages },
  };
}
