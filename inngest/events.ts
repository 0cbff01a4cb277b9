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
 * One per Delivery row: starts its delivery run. The Inngest event id is the delivery ID,
 * so a re-run of the fan-out cannot start a second run for the same delivery.
 */
export const deliveryCreated = eventType("webhooks/delivery.created", {
  schema: z.object({ deliveryId: z.string().min(1), agencyId: z.string().min(1), webhookId: z.string().min(1) }),
});

export type EventCreatedData = z.infer<typeof eventCreated.schema>;
export type DeliveryCreatedData = z.infer<typeof deliveryCreated.schema>;
