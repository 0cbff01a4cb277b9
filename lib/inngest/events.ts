import { eventType } from "inngest";
import { z } from "zod";

/**
 * Sent after an outbox Event row commits (by emitEvent, and again by the outbox relay as a
 * safety net). Senders use the event's own ID as the Inngest event id, so repeats dedupe.
 */
export const eventCreated = eventType("webhooks/event.created", {
  schema: z.object({ eventId: z.string().min(1), agencyId: z.string().min(1) }),
});

/**
 * One per Delivery row, for its first attempt: batched per endpoint by `deliver-webhooks`. The
 * Inngest event id is the delivery ID, so a re-run of the fan-out cannot send it twice.
 */
export const deliveryCreated = eventType("webhooks/delivery.created", {
  schema: z.object({ deliveryId: z.string().min(1), agencyId: z.string().min(1), webhookId: z.string().min(1) }),
});

/**
 * A delivery whose first attempt failed: starts its own retry run (`deliver-webhook`), which
 * waits until `retryAt` and goes on from automatic attempt `afterAttempt + 1` (without them:
 * the whole schedule from attempt 1, at once). Event id `<deliveryId>-retry-<attempt number>`:
 * sent twice, it starts one run.
 */
export const deliveryRetry = eventType("webhooks/delivery.retry", {
  schema: z.object({
    deliveryId: z.string().min(1),
    agencyId: z.string().min(1),
    webhookId: z.string().min(1),
    afterAttempt: z.number().int().min(0).optional(),
    retryAt: z.iso.datetime().optional(),
  }),
});

/**
 * An admin started Retry Failed (lib/webhooks/recovery/retry-job.ts); its run works through the
 * job's deliveries a chunk per step. Event id: the job's (a continuation: `<job>-<n>`), with
 * `after`, where the previous run stopped near Inngest's steps-per-run limit.
 */
export const retryJobStarted = eventType("webhooks/retry-job.started", {
  schema: z.object({
    jobId: z.string().min(1),
    agencyId: z.string().min(1),
    after: z
      .object({ createdAt: z.iso.datetime(), id: z.string().min(1) })
      .nullable()
      .optional(),
    part: z.number().int().min(0).optional(),
  }),
});

export type EventCreatedData = z.infer<typeof eventCreated.schema>;
export type DeliveryCreatedData = z.infer<typeof deliveryCreated.schema>;
export type DeliveryRetryData = z.infer<typeof deliveryRetry.schema>;

/**
 * An endpoint alert was recorded with emails to send now (`send-alert-emails`). Event id: the
 * alert ID, so the after-commit send and a repeat cannot start two runs; the mail sweep resends
 * under another id for alerts whose emails are still waiting.
 */
export const alertRecorded = eventType("webhooks/alert.recorded", {
  schema: z.object({ alertId: z.string().min(1), agencyId: z.string().min(1) }),
});

export type AlertRecordedData = z.infer<typeof alertRecorded.schema>;
