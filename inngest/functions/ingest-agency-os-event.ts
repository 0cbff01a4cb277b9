import { NonRetriableError } from "inngest";
import { inngest } from "@/lib/inngest/client.ts";
import { dispatchEvents } from "@/lib/events/dispatch-events.ts";
import { AGENCY_OS_EVENT_PREFIX, parseAgencyOsEvent } from "@/lib/events/agency-os-event.ts";
import { EmitEventError, emitEvent } from "@/lib/events/emit-event.ts";
import { prismaOf, type FunctionDeps } from "./function-options.ts";

/**
 * Other software's door in: an `agency-os/<type>` Inngest event (data `{ agencyId, …data }`) is
 * checked against the catalog, written to the outbox with the Inngest event id as its ID (so a
 * repeat delivers nothing new) and handed to the fan-out. A bad event can never become good by
 * retrying, so it fails at once, visibly, with the reason (NonRetriableError), never in a loop.
 */
export function createIngestAgencyOsEvent(deps: FunctionDeps = {}) {
  return inngest.createFunction(
    {
      id: "ingest-agency-os-event",
      name: "Record an agency-os/* event and fan it out",
      // One wildcard rather than 14 triggers: Inngest allows 10 per function.
      triggers: [{ event: `${AGENCY_OS_EVENT_PREFIX}*` }],
      retries: 5,
      concurrency: { limit: 20 },
    },
    // No steps (one execution on Inngest, not three): a retry writes the event again, which
    // inserts nothing (its ID is the Inngest event id: ON CONFLICT DO NOTHING), and hands it
    // over again only if it is still undispatched.
    async ({ event }) => {
      const parsed = parseAgencyOsEvent(String(event.name), event.data);
      if (!parsed.ok) throw new NonRetriableError(parsed.error);
      const { type, agencyId, data } = parsed.event;
      const prisma = await prismaOf(deps);
      if (!(await prisma.agency.findUnique({ where: { id: agencyId }, select: { id: true } })))
        throw new NonRetriableError(`agencyId: no agency "${agencyId}"`);
      let eventId: string;
      try {
        eventId = (await emitEvent(prisma, { agencyId, type, data, id: event.id })).id;
      } catch (err) {
        if (err instanceof EmitEventError) throw new NonRetriableError(err.message);
        throw err;
      }
      // dispatchEvents never throws: an event it could not hand over is left to the outbox relay.
      await dispatchEvents([{ agencyId, id: eventId }], prisma);
      return { eventId, type, agencyId };
    },
  );
}

export const ingestAgencyOsEvent = createIngestAgencyOsEvent();
