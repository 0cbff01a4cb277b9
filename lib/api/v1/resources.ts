import { z } from "zod";
import { EVENT_TYPES } from "@/lib/webhooks/event-catalog.ts";
import { DELIVERY_STATUSES } from "@/lib/webhooks/logs/log-query.ts";

// What the API answers with. Dates are ISO 8601 strings; IDs are opaque strings.
const when = z.iso.datetime({ offset: true });
const eventType = z.enum(EVENT_TYPES);

export const WebhookResource = z
  .object({
    id: z.string().meta({ example: "wh_01jqexample0000000000000000" }),
    name: z.string(),
    url: z.string(),
    events: z.array(eventType),
    headers: z.record(z.string(), z.string()).meta({
      description:
        "Custom headers sent with every delivery. Values are stored encrypted and always shown as ********; send ******** back on update to keep a value.",
    }),
    status: z.enum(["active", "disabled", "auto_disabled"]),
    disabledReason: z.string().nullable(),
    disabledAt: when.nullable(),
    failingSince: when.nullable().meta({ description: "Start of the current run of failures" }),
    previousSecretUntil: when.nullable().meta({ description: "While a rotated-out secret still signs" }),
    createdAt: when,
    updatedAt: when,
  })
  .meta({ id: "Webhook" });

export const WebhookWithSecretResource = WebhookResource.extend({
  secret: z.string().meta({ description: "The signing secret, shown here once (reveal it later with its scope)" }),
}).meta({ id: "WebhookWithSecret" });

export const SecretResource = z
  .object({ secret: z.string().meta({ example: "whsec_…" }), previousValidUntil: when.nullable() })
  .meta({ id: "Secret" });

export const DeliveryResource = z
  .object({
    id: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    isTest: z.boolean(),
    attemptCount: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastErrorClass: z.string().nullable(),
    lastDurationMs: z.number().int().nullable(),
    nextAttemptAt: when.nullable(),
    createdAt: when,
    completedAt: when.nullable(),
  })
  .meta({ id: "Delivery" });

export const AttemptResource = z
  .object({
    id: z.string(),
    number: z.number().int(),
    trigger: z.string().meta({ description: "auto, manual or test" }),
    requestUrl: z.string(),
    requestHeaders: z
      .record(z.string(), z.string())
      .meta({ description: "As sent, but each custom header's value is shown as ******** (stored encrypted)" }),
    requestBody: z.string(),
    responseStatus: z.number().int().nullable(),
    responseHeaders: z.record(z.string(), z.string()).nullable(),
    responseBody: z.string().nullable().meta({ description: "The first 20 KB" }),
    durationMs: z.number().int(),
    errorClass: z.string().nullable(),
    errorMessage: z.string().nullable(),
    createdAt: when,
  })
  .meta({ id: "Attempt" });

export const DeliveryDetailResource = DeliveryResource.extend({
  webhookId: z.string(),
  attempts: z.array(AttemptResource),
}).meta({ id: "DeliveryDetail" });

export const AttemptResultResource = z
  .object({
    deliveryId: z.string(),
    ok: z.boolean(),
    statusCode: z.number().int().nullable(),
    responseHeaders: z.record(z.string(), z.string()).nullable(),
    responseBody: z.string().nullable(),
    durationMs: z.number().int(),
    errorMessage: z.string().nullable(),
    deliveryStatus: z.string(),
  })
  .meta({ id: "AttemptResult" });

export const RetryJobResource = z
  .object({
    id: z.string().meta({ example: "rjb_01jqexample0000000000000000" }),
    webhookId: z.string().nullable().meta({ description: "Null: every webhook of the agency" }),
    status: z.enum(["running", "completed", "cancelled", "failed"]),
    from: when,
    to: when,
    eventTypes: z.array(eventType).meta({ description: "Empty: every type" }),
    statuses: z.array(z.enum(["failed", "retrying"])),
    total: z.number().int().meta({ description: "Deliveries that matched when the job started" }),
    processed: z.number().int().meta({ description: "Taken so far: succeeded + failed + skipped" }),
    succeeded: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int().meta({ description: "No longer failed when reached (e.g. retried meanwhile)" }),
    createdAt: when,
    finishedAt: when.nullable(),
  })
  .meta({ id: "RetryJob" });

export const ResendResultResource = z
  .object({
    deliveries: z.array(
      z.object({
        deliveryId: z.string(),
        webhookId: z.string(),
        resentFromId: z.string().nullable().meta({ description: "The delivery this one repeats" }),
      }),
    ),
  })
  .meta({ id: "ResendResult" });

export const EventResource = z
  .object({
    id: z.string().meta({ description: "The event's ID, unique within the agency" }),
    type: eventType,
    occurredAt: when,
    createdAt: when,
    data: z.record(z.string(), z.unknown()),
    deliveries: z.array(
      z.object({ id: z.string(), webhookId: z.string(), status: z.enum(DELIVERY_STATUSES), attemptCount: z.number() }),
    ),
  })
  .meta({ id: "Event" });

export const EventTypeResource = z
  .object({
    type: eventType,
    group: z.string(),
    description: z.string(),
    schema: z.record(z.string(), z.unknown()).meta({ description: "JSON Schema (2020-12) of the whole payload" }),
    sample: z.record(z.string(), z.unknown()).meta({ description: "A sample payload, as Test sends it" }),
  })
  .meta({ id: "EventType" });

/** A page of a list, newest or oldest first as the operation says; pass nextCursor back as `cursor`. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().meta({ description: "Null on the last page" }),
  });
}
