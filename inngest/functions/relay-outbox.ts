import { inngest } from "@/lib/inngest/client.ts";
import { hasUndispatchedEvents, relayOutbox } from "@/lib/events/outbox-relay.ts";
import { failStalledDeliveries, hasStalledDeliveries } from "@/lib/webhooks/fail-stalled-deliveries.ts";
import { prismaOf, type FunctionDeps } from "./function-options.ts";

/**
 * Safety net for the outbox: an Event row whose after-commit send was lost (crash, engine
 * down) is sent again by lib/events' relay. The Inngest event id is the event's ID, so a
 * double send dedupes, and fan-out is idempotent per (event, endpoint) anyway.
 *
 * Cost on Inngest Cloud: every 15 minutes is 2,880 runs a month (every minute was 43,200 runs
 * plus as many steps, ~86,000 executions, above the free plan by itself). The check is not a
 * step, so a tick with nothing to relay is one execution; the relay step runs only when an
 * event is waiting. The app process relays on its own every 15 s as well (lib/engine/start.ts
 * in embedded mode), so this cron matters only where the after-commit send was lost.
 *
 * The same tick is the net for deliveries whose run vanished without failing (no onFailure
 * ever marks them): one probe, and a step only when a delivery has stalled for a day
 * (lib/webhooks/fail-stalled-deliveries.ts).
 */
export function createRelayOutbox(deps: FunctionDeps = {}) {
  return inngest.createFunction(
    {
      id: "relay-outbox",
      name: "Relay undispatched events",
      triggers: [{ cron: "*/15 * * * *" }],
      retries: 2,
      concurrency: { limit: 1 },
    },
    async ({ step }) => {
      const prisma = await prismaOf(deps);
      const { relayed } = (await hasUndispatchedEvents(prisma))
        ? await step.run("relay", async () => relayOutbox({ prisma: await prismaOf(deps) }))
        : { relayed: 0 };
      const { failed } = (await hasStalledDeliveries(prisma))
        ? await step.run("fail-stalled-deliveries", async () => failStalledDeliveries(await prismaOf(deps)))
        : { failed: 0 };
      return { relayed, stalledDeliveriesFailed: failed };
    },
  );
}

export const relayOutboxFunction = createRelayOutbox();
