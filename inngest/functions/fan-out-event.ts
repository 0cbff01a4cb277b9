import { inngest } from "@/lib/inngest/client.ts";
import { deliveryCreated, eventCreated } from "@/lib/inngest/events.ts";
import { config } from "@/lib/config/index.ts";
import { createDeliveriesForEvents } from "@/lib/webhooks/create-deliveries.ts";
import { prismaOf, type FunctionDeps } from "./function-options.ts";

/** Inngest's limit on one send (also enforced by the embedded engine). */
export const MAX_EVENTS_PER_SEND = 5_000;

/**
 * Events fanned out by one run of the embedded engine, at most. It starts a batch as soon as a
 * slot is free, so an idle app fans each event out at once; under load the events that queue
 * meanwhile share a run (one statement, one send). The step's result lists the batch's
 * deliveries, so this stays small: 4 MB holds ~35,000, i.e. 3,500 subscribers per event.
 */
export const EMBEDDED_FAN_OUT_BATCH = 10;

/**
 * Event → one Delivery row per subscribed endpoint → one delivery event each. Each delivery
 * is its own unit: a failing endpoint never makes a successful one receive the event again.
 * With the embedded engine the events that queue while fan-outs are busy are fanned out
 * together (batchEvents, no wait when idle); on Inngest each event has its run, because a
 * batch there waits for its timeout (1 s at least) and the deliveries' batches wait again.
 */
export function createFanOutEvent(deps: FunctionDeps = {}) {
  return inngest.createFunction(
    {
      id: "fan-out-event",
      name: "Fan out event to webhooks",
      triggers: [eventCreated],
      retries: 5,
      concurrency: { limit: 20 },
      ...(config().embeddedEngine ? { batchEvents: { maxSize: EMBEDDED_FAN_OUT_BATCH, timeout: "1s" as const } } : {}),
    },
    async ({ events, step }) => {
      const fanned = await step.run("create-deliveries", async () =>
        createDeliveriesForEvents(
          await prismaOf(deps),
          events.map((e) => ({ agencyId: e.data.agencyId, eventId: e.data.eventId })),
        ),
      );
      const deliveries = fanned.flatMap((f) => f.deliveries);
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
      return events.length === 1
        ? { eventId: events[0].data.eventId, deliveries: deliveries.length }
        : { events: events.length, deliveries: deliveries.length };
    },
  );
}

export const fanOutEvent = createFanOutEvent();
