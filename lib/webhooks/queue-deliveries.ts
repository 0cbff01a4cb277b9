import { inngest } from "@/lib/inngest/client.ts";
import { deliveryCreated, type DeliveryCreatedData } from "@/lib/inngest/events.ts";
import { LIMITS } from "@/lib/engine/limits.ts";

/** Starts delivery runs; injectable so domain tests can see what would be queued. */
export type QueueDeliveries = (items: (DeliveryCreatedData & { eventKey: string })[]) => Promise<void>;

/**
 * `eventKey` becomes the Inngest event id, which the engine uses to drop duplicates: a send
 * repeated after a crash (or a fan-out run again) starts no second run. More than 5,000 (an
 * event with that many subscribers, an endpoint enabled with that many paused deliveries) go
 * in sends of 5,000 (Inngest's limit, which the embedded engine enforces from the same table),
 * one after another.
 */
export const queueDeliveriesWithInngest: QueueDeliveries = async (items) => {
  for (let i = 0; i < items.length; i += LIMITS.eventsPerSend)
    await inngest.send(
      items
        .slice(i, i + LIMITS.eventsPerSend)
        .map(({ eventKey, ...data }) => deliveryCreated.create(data, { id: eventKey })),
    );
};
