import { inngest } from "@/lib/inngest/client.ts";
import { deliveryCreated, eventCreated } from "@/lib/inngest/events.ts";
import { createDeliveriesForEvent } from "@/lib/webhooks/create-deliveries.ts";
import { prismaOf, type FunctionDeps } from "./function-options.ts";

/** Inngest's limit on one send (also enforced by the embedded engine). */
export const MAX_EVENTS_PER_SEND = 5_000;

/**
 * Event → one Delivery row per subscribed endpoint → one delivery run each. Each run is
 * its own unit: a failing endpoint never makes a successful one receive the event again.
 */
export function createFanOutEvent(deps: FunctionDeps = {}) {
  return inngest.createFunction(
    {
      id: "fan-out-event",
      name: "Fan out event to webhooks",
      triggers: [eventCreated],
      retries: 5,
      concurrency: { limit: 20 },
    },
    async ({ event, step }) => {
      const { deliveries } = await step.run("create-deliveries", async () =>
        createDeliveriesForEvent(await prismaOf(deps), { agencyId: event.data.agencyId, eventId: event.data.eventId }),
      );
      // Inngest takes at most 5,000 events a send: one sendEvent step per chunk. The delivery
      // ID is the Inngest event id: a re-run cannot start a second run.
      for (let i = 0; i * MAX_EVENTS_PER_SEND < deliveries.length; i++) {
        const chunk = deliveries.slice(i * MAX_EVENTS_PER_SEND, (i + 1) * MAX_EVENTS_PER_SEND);
        await step.sendEvent(
          i === 0 ? "queue-deliveries" : `queue-deliveries-${i + 1}`,
          chunk.map((d) =>
            deliveryCreated.create(
              { deliveryId: d.deliveryId, agencyId: d.agencyId, webhookId: d.webhookId },
              { id: d.deliveryId },
            ),
          ),
        );
      }
      return { eventId: event.data.eventId, deliveries: deliveries.length };
    },
  );
}

export const fanOutEvent = createFanOutEvent();
