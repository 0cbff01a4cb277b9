import { inngest } from "@/inngest/client.ts";
import { relayOutbox } from "@/lib/events/outbox-relay.ts";
import { prismaOf, type FunctionDeps } from "./function-options.ts";

/**
 * Safety net for the outbox: an Event row whose after-commit send was lost (crash, engine
 * down) is sent again by lib/events' relay. The Inngest event id is the event's ID, so a
 * double send dedupes, and fan-out is idempotent per (event, endpoint) anyway.
 */
export function createRelayOutbox(deps: FunctionDeps = {}) {
  return inngest.createFunction(
    {
      id: "relay-outbox",
      name: "Relay undispatched events",
      triggers: [{ cron: "* * * * *" }],
      retries: 2,
      concurrency: { limit: 1 },
    },
    async ({ step }) => step.run("relay", async () => relayOutbox({ prisma: await prismaOf(deps) })),
  );
}

export const relayOutboxFunction = createRelayOutbox();
