import { z } from "zod";
import { boundedIsoDateTime, isDateInRange } from "@/lib/validation/bounded-date.ts";
import { EVENT_TYPES, eventDefinition } from "@/lib/webhooks/event-catalog.ts";
import { LogQuerySchema } from "@/lib/webhooks/logs/log-query.ts";
import { RETRY_STATUSES, type RetryStatus } from "@/lib/webhooks/retry-ranges.ts";
import { CreateWebhookSchema, UpdateWebhookSchema } from "@/lib/webhooks/webhook-input.ts";

// Request shapes of /api/v1. Bodies are the screens' own schemas, made strict: a field the API
// does not know is refused by name instead of being dropped without a word.

const id = (what: string) => z.string().min(1).max(100, `${what}: at most 100 characters`);

export const WebhookParams = z.strictObject({ id: id("id") });
export const DeliveryParams = z.strictObject({ deliveryId: id("deliveryId") });
export const EventParams = z.strictObject({ eventId: id("eventId") });
export const EventTypeParams = z.strictObject({ type: z.enum(EVENT_TYPES, "type: not a known event type") });

export const PageQuery = z.object({
  cursor: z.string().max(500, "cursor: not a valid page cursor").optional(),
  limit: z.coerce
    .number("limit: a whole number from 1 to 100")
    .int("limit: a whole number from 1 to 100")
    .min(1, "limit: a whole number from 1 to 100")
    .max(100, "limit: a whole number from 1 to 100")
    .default(20),
});

export const DeliveryLogQuery = LogQuerySchema;
export const EventListQuery = PageQuery.extend({
  type: z.enum(EVENT_TYPES, "type: not a known event type").optional(),
});

export const CreateWebhookBody = CreateWebhookSchema.strict().meta({ id: "CreateWebhook" });
export const UpdateWebhookBody = UpdateWebhookSchema.strict().meta({ id: "UpdateWebhook" });

const DAY = 24 * 60 * 60 * 1000;
const retryRange = {
  from: boundedIsoDateTime({ message: "from: an ISO 8601 date and time" }),
  to: boundedIsoDateTime({ message: "to: an ISO 8601 date and time" }),
  eventTypes: z
    .array(z.enum(EVENT_TYPES, "eventTypes: known event types"))
    .max(50)
    .default([])
    .meta({ description: "Only these event types; absent or empty: every type" }),
  statuses: z
    .array(z.enum(Object.keys(RETRY_STATUSES) as [RetryStatus, ...RetryStatus[]], "statuses: failed or retrying"))
    .min(1, "statuses: at least one of failed, retrying")
    .max(2)
    .default(["failed", "retrying"])
    .meta({
      description:
        "`failed`: no automatic retries left; `retrying`: the last attempt failed and the next automatic one is waiting (the new attempt replaces the wait)",
    }),
};
type RetryRangeInput = { from: string; to: string };
function checkedRange<T extends z.ZodType<RetryRangeInput>>(schema: T) {
  return (
    schema
      .refine((r) => Date.parse(r.from) < Date.parse(r.to), { message: "from must be before to", path: ["from"] })
      // Nothing older than the log's longest retention can be retried; far-future bounds are typos.
      .refine((r) => Date.parse(r.from) > Date.now() - 366 * DAY && Date.parse(r.to) < Date.now() + DAY, {
        message: "Choose a range within the last year",
        path: ["from"],
      })
  );
}
export const RetryFailedBody = checkedRange(z.strictObject(retryRange)).meta({ id: "RetryFailedRange" });
export const StartRetryJobBody = checkedRange(
  z.strictObject({
    webhookId: id("webhookId").optional().meta({ description: "One webhook; absent: every webhook of the agency" }),
    ...retryRange,
  }),
).meta({ id: "StartRetryJob" });
export const RetryJobParams = z.strictObject({ jobId: id("jobId") });
export const ResendEventBody = z
  .strictObject({
    webhookIds: z.array(id("webhookIds")).max(100).default([]).meta({
      description:
        "The webhooks to send it to: ones it was delivered to, or ones subscribed to its type. Absent or empty: every webhook it was delivered to",
    }),
  })
  .meta({ id: "ResendEvent" });

const eventId = z
  .string()
  .regex(/^[\w.:-]{1,128}$/, "id: use 1–128 letters, digits, '_', '-', '.' or ':'")
  .optional()
  .meta({ description: "Your idempotency key for the event: the same id again delivers nothing new" });

/** One variant per event type, so `data` is checked against that type's catalog schema by field. */
export const EmitEventBody = z
  .discriminatedUnion(
    "type",
    EVENT_TYPES.map((type) =>
      z.strictObject({
        type: z.literal(type),
        data: eventDefinition(type).schema,
        id: eventId,
        occurredAt: boundedIsoDateTime().optional(),
      }),
    ) as unknown as [z.ZodObject, ...z.ZodObject[]],
    { error: `type: one of ${EVENT_TYPES.join(", ")}` },
  )
  .meta({ id: "EmitEvent" });

/** Inngest's event format, as its SDK sends it (`POST …/e/<event key>`). */
const InngestEvent = z.looseObject({
  name: z.string().min(1).max(200),
  data: z.record(z.string(), z.unknown()).default({}),
  id: z.string().max(200).optional(),
  ts: z.number().refine(isDateInRange, "ts: milliseconds since 1970, up to the year 9999").optional(),
});
export const InngestEventsBody = z
  .union([InngestEvent, z.array(InngestEvent).min(1).max(500, "At most 500 events a request")])
  .meta({ id: "InngestEvents" });
