import { inngest } from "@/lib/inngest/client.ts";
import { deliveryCreated, type DeliveryCreatedData } from "@/lib/inngest/events.ts";

/** Inngest's limit on one send (also enforced by the embedded engine). */
export const MAX_EVENTS_PER_SEND = 5_000;

/** Starts delivery runs; injectable so domain tests can see what would be queued. */
export type QueueDeliveries = (items: (DeliveryCreatedData & { eventKey: string })[]) => Promise<void>;

/**
 * `eventKey` becomes the Inngest event id, which the engine uses to drop duplicates: a send
 * repeated after a crash (or a fan-out run again) starts no second run. More than 5,000 (an
 * event with that many subscribers, an endpoint enabled with that many paused deliveries) go
 * in sends of 5,000, one after another.
 */
export const queueDeliveriesWithInngest: QueueDeliveries = async (items) => {
  for (let i = 0; i < items.length; i += MAX_EVENTS_PER_SEND)
    await inngest.send(
      items
        .slice(i, i + MAX_EVENTS_PER_SEND)
        .map(({ eventKey, ...data }) => deliveryCreated.create(data, { id: eventKey })),
    );
};
