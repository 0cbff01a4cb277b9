import { inngest } from "@/inngest/client.ts";
import { deliveryCreated, eventCreated } from "@/inngest/events.ts";
import { createDeliveriesForEvent } from "@/lib/webhooks/create-deliveries.ts";
import { prismaOf, type FunctionDeps } from "./function-options.ts";

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
      if (deliveries.length > 0) {
        // The delivery ID is the Inngest event id: a re-run cannot start a second run.
        await step.sendEvent(
          "queue-deliveries",
          deliveries.map((d) =>
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
