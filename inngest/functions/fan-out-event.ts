import { inngest } from "@/lib/inngest/client.ts";
import { eventCreated } from "@/lib/inngest/events.ts";
import { config } from "@/lib/config/index.ts";
import { createDeliveriesForEvents } from "@/lib/webhooks/create-deliveries.ts";
import { queueDeliveriesWithInngest } from "@/lib/webhooks/queue-deliveries.ts";
import { prismaOf, type FunctionDeps } from "./function-options.ts";

/**
 * Events fanned out by one run of the embedded engine, at most. It starts a batch as soon as a
 * slot is free, so an idle app fans each event out at once; under load the events that queue
 * meanwhile share a run (one statement, one send).
 */
export const EMBEDDED_FAN_OUT_BATCH = 10;

/**
 * Event → one Delivery row per subscribed endpoint → one delivery event each. Each delivery
 * is its own unit: a failing endpoint never makes a successful one receive the event again.
 * With the embedded engine the events that queue while fan-outs are busy are fanned out
 * together (batchEvents, no wait when idle); on Inngest each event has its run, because a
 * batch there waits for its timeout (1 s at least) and the deliveries' batches wait again.
 * Where the app's embedded engine runs in the emitting process the dispatcher does this work
 * itself (lib/webhooks/fan-out-in-process.ts) and sends no `webhooks/event.created`: this
 * function then runs only for events that reach an engine otherwise (Inngest, or one queued
 * before an upgrade).
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
    // No steps: a run is one execution on Inngest (three with a step for the statement and one
    // for the send) and one request less per step on either engine. A retry repeats both, which
    // is harmless: the statement keeps the rows an earlier run made and lists those still
    // pending, and each delivery ID is its event id, so a repeated send starts no second run.
    async ({ events }) => {
      const fanned = await createDeliveriesForEvents(
        await prismaOf(deps),
        events.map((e) => ({ agencyId: e.data.agencyId, eventId: e.data.eventId })),
      );
      const deliveries = fanned.flatMap((f) => f.deliveries);
      await (deps.queueDeliveries ?? queueDeliveriesWithInngest)(
        deliveries.map((d) => ({ ...d, eventKey: d.deliveryId })),
      );
      return events.length === 1
        ? { eventId: events[0].data.eventId, deliveries: deliveries.length }
        : { events: events.length, deliveries: deliveries.length };
    },
  );
}

export const fanOutEvent = createFanOutEvent();
