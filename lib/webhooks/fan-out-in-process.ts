import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { createDeliveriesForEvents } from "./create-deliveries.ts";
import { queueDeliveriesWithInngest, type QueueDeliveries } from "./queue-deliveries.ts";

/**
 * The fan-out-event function's work done by the dispatcher itself, where the app's embedded
 * engine runs in this process (lib/engine/start.ts registers it): one statement for the
 * deliveries and one send of their events, without an engine event, a fan-out run and its
 * protocol exchange in between (−10 % of the CPU a delivery at 200 ev/s × 5,
 * docs/performance.md). The events are not marked dispatched here: the dispatcher marks them
 * after this returns, so a crash before the send leaves them to the outbox relay, which fans
 * them out again (existing deliveries are kept; those still pending are queued under their
 * own ids, so nothing is sent twice). On Inngest the fan-out-event function does this.
 */
export async function fanOutInProcess(
  prisma: PrismaClient,
  events: { agencyId: string; id: string }[],
  queue: QueueDeliveries = queueDeliveriesWithInngest,
): Promise<void> {
  const fanned = await createDeliveriesForEvents(
    prisma,
    events.map((e) => ({ agencyId: e.agencyId, eventId: e.id })),
    { markDispatched: false },
  );
  await queue(fanned.flatMap((f) => f.deliveries).map((d) => ({ ...d, eventKey: d.deliveryId })));
}
