import { z } from "zod";
import { defineEndpoint } from "../define-endpoint.ts";
import { EmitEventBody, EventListQuery, EventParams, EventTypeParams, InngestEventsBody } from "./request-schemas.ts";
import { EventResource, EventTypeResource, pageOf } from "./resources.ts";

export const emitEvent = defineEndpoint({
  method: "post",
  path: "/events",
  operationId: "emitEvent",
  tag: "Events",
  summary: "Emit an event",
  description:
    "Validated against the event type's schema and delivered to every subscribed webhook. Pass your own `id` to make the emit idempotent for good; `Idempotency-Key` replays this request's answer for 24 hours.",
  access: "events:emit",
  body: EmitEventBody,
  // Event data may be 256 KB; the envelope gets some room on top.
  maxBodyBytes: 300 * 1024,
  success: { status: 201, description: "The event, recorded", schema: EventResource },
});

export const listEvents = defineEndpoint({
  method: "get",
  path: "/events",
  operationId: "listEvents",
  tag: "Events",
  summary: "List events",
  description: "The agency's events, newest first.",
  access: "webhooks:read",
  query: EventListQuery,
  success: { status: 200, description: "A page of events", schema: pageOf(EventResource) },
});

export const getEvent = defineEndpoint({
  method: "get",
  path: "/events/{eventId}",
  operationId: "getEvent",
  tag: "Events",
  summary: "Get an event and its deliveries",
  access: "webhooks:read",
  params: EventParams,
  success: { status: 200, description: "The event", schema: EventResource },
  errors: [404],
});

export const sendInngestEvents = defineEndpoint({
  method: "post",
  path: "/inngest/e/{eventKey}",
  operationId: "sendInngestEvents",
  tag: "Events",
  summary: "Inngest event API (embedded engine)",
  description:
    "Where another service's Inngest client sends `agency-os/<type>` events when this app runs its embedded engine: set the client's `baseUrl` to `<app>/api/v1/inngest/` and its event key to an API key with the events:emit scope. Only agency-os/* events of the key's agency are accepted. On Inngest Cloud, send to Inngest instead (this answers 404).",
  access: "event-key",
  params: z.strictObject({ eventKey: z.string().max(200) }),
  body: InngestEventsBody,
  maxBodyBytes: 1024 * 1024,
  success: {
    status: 200,
    description: "Inngest's answer",
    schema: z.object({ ids: z.array(z.string()), status: z.literal(200) }),
  },
  errors: [404],
});

export const listEventTypes = defineEndpoint({
  method: "get",
  path: "/event-types",
  operationId: "listEventTypes",
  tag: "Event types",
  summary: "The event catalog",
  description:
    "Every event type with the JSON Schema of its payload and a sample. Public: it describes no agency's data.",
  access: "public",
  success: { status: 200, description: "Every event type", schema: z.object({ data: z.array(EventTypeResource) }) },
});

export const getEventType = defineEndpoint({
  method: "get",
  path: "/event-types/{type}",
  operationId: "getEventType",
  tag: "Event types",
  summary: "One event type",
  access: "public",
  params: EventTypeParams,
  success: { status: 200, description: "The event type", schema: EventTypeResource },
});

export const getEventTypeSchema = defineEndpoint({
  method: "get",
  path: "/event-types/{type}/schema.json",
  operationId: "getEventTypeSchema",
  tag: "Event types",
  summary: "One event type's JSON Schema document",
  access: "public",
  params: EventTypeParams,
  success: { status: 200, description: "A JSON Schema (2020-12) document", schema: z.record(z.string(), z.unknown()) },
});
