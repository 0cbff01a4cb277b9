import { isEventType, parseEventData } from "./event-catalog.ts";

/** What a receiver gets as the body: documented shape, keys in this order. */
export type WebhookPayload = {
  id: string;
  event: string;
  timestamp: string;
  data: unknown;
};

/** Compact UTF-8 JSON `{"id","event","timestamp","data"}`; the exact bytes that are signed. */
export function buildPayloadBody(input: {
  eventId: string;
  eventType: string;
  occurredAt: Date;
  data: unknown;
}): string {
  const payload: WebhookPayload = {
    id: input.eventId,
    event: input.eventType,
    // ISO 8601 UTC without milliseconds, as documented ("2026-03-31T12:00:00Z").
    timestamp: input.occurredAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
    data: input.data,
  };
  return JSON.stringify(payload);
}

/**
 * PostgreSQL's jsonb does not keep key order, so stored data comes back reshuffled.
 * Parsing through the event's schema restores the documented field order (zod builds
 * objects in shape order); data that no longer matches its schema is sent as stored.
 */
export function orderedEventData(type: string, data: unknown): unknown {
  if (!isEventType(type)) return data;
  const parsed = parseEventData(type, data);
  return parsed.ok ? parsed.data : data;
}
