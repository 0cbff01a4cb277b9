import { inngest } from "@/lib/inngest/client.ts";
import { deliveryCreated, type DeliveryCreatedData } from "@/lib/inngest/events.ts";
import { LIMITS } from "@/lib/engine/limits.ts";

/**
 * Starts delivery runs; injectable so domain tests can see what would be queued. A failure
 * part-way throws a `QueueDeliveriesError` saying how many of the items (from the first) were sent.
 */
export type QueueDeliveries = (items: (DeliveryCreatedData & { eventKey: string })[]) => Promise<void>;

/** A send failed part-way: the first `queued` items went out, the rest did not. */
export class QueueDeliveriesError extends Error {
  override name = "QueueDeliveriesError";

  constructor(
    readonly queued: number,
    cause: unknown,
  ) {
    super(`queued ${queued} deliveries, then a send failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/**
 * `eventKey` becomes the Inngest event id, which the engine uses to drop duplicates: a send
 * repeated after a crash (or a fan-out run again) starts no second run. More than 5,000 (an
 * event with that many subscribers, an endpoint enabled with that many paused deliveries) go
 * in sends of 5,000 (Inngest's limit, which the embedded engine enforces from the same table),
 * one after another.
 */
export const queueDeliveriesWithInngest: QueueDeliveries = async (items) => {
  for (let i = 0; i < items.length; i += LIMITS.eventsPerSend) {
    try {
      await inngest.send(
        items
          .slice(i, i + LIMITS.eventsPerSend)
          .map(({ eventKey, ...data }) => deliveryCreated.create(data, { id: eventKey })),
      );
    } catch (err) {
      throw new QueueDeliveriesError(i, err);
    }
  }
};
