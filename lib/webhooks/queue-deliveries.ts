import { inngest } from "@/lib/inngest/client.ts";
import { deliveryCreated, type DeliveryCreatedData } from "@/lib/inngest/events.ts";

/** Starts delivery runs; injectable so domain tests can see what would be queued. */
export type QueueDeliveries = (items: (DeliveryCreatedData & { eventKey: string })[]) => Promise<void>;

/** `eventKey` becomes the Inngest event id, which the engine uses to drop duplicates. */
export const queueDeliveriesWithInngest: QueueDeliveries = async (items) => {
  if (items.length === 0) return;
  await inngest.send(items.map(({ eventKey, ...data }) => deliveryCreated.create(data, { id: eventKey })));
};
