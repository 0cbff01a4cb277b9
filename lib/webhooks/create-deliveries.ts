import { Prisma, type PrismaClient } from "@/lib/db/generated/client.ts";
import { newId } from "@/lib/ids.ts";

export type PendingDelivery = { deliveryId: string; webhookId: string; agencyId: string };

type Subscriber = { webhook_id: string; active: boolean; event_type: string };

/**
 * Fan-out: one Delivery per endpoint of the agency subscribed to the event type. A disabled
 * endpoint is paused, not unsubscribed: its delivery is kept as `paused` and sent when the
 * endpoint is enabled again. The unique (event, endpoint) index makes re-runs harmless:
 * existing rows are kept, and only deliveries still pending are returned to be (re)queued.
 *
 * Two statements (read the subscribers, then insert + mark dispatched + list pending) rather
 * than five ORM calls: this runs once per emitted event.
 */
export async function createDeliveriesForEvent(
  prisma: PrismaClient,
  args: { agencyId: string; eventId: string },
): Promise<{ found: boolean; deliveries: PendingDelivery[] }> {
  // Test events belong to the one endpoint being tested; never fan them out. The event row
  // comes back even without subscribers (webhook_id null) so "found" stays exact.
  const subscribers = await prisma.$queryRaw<
    (Omit<Subscriber, "webhook_id"> & { webhook_id: string | null })[]
  >(Prisma.sql`
    SELECT w.id AS webhook_id, w.status = 'active' AS active, e.type AS event_type
      FROM events e
      LEFT JOIN webhooks w ON w.agency_id = e.agency_id AND e.type = ANY (w.events)
     WHERE e.id = ${args.eventId} AND e.agency_id = ${args.agencyId} AND NOT e.is_test
     ORDER BY w.id`);
  if (subscribers.length === 0) return { found: false, deliveries: [] };
  const rows = subscribers.flatMap((s) =>
    s.webhook_id === null
      ? []
      : [
          {
            id: newId("dlv"),
            webhook_id: s.webhook_id,
            event_type: s.event_type,
            status: s.active ? "pending" : "paused",
          },
        ],
  );
  const pending = await prisma.$queryRaw<{ id: string; webhook_id: string }[]>(Prisma.sql`
    WITH created AS (
      INSERT INTO deliveries (id, agency_id, webhook_id, event_id, event_type, status, created_at, updated_at)
      SELECT r.id, ${args.agencyId}, r.webhook_id, ${args.eventId}, r.event_type, r.status::"DeliveryStatus", now(), now()
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(id text, webhook_id text, event_type text, status text)
      ON CONFLICT (event_id, webhook_id) DO NOTHING
      RETURNING id, webhook_id, status),
    dispatched AS (
      UPDATE events SET dispatched_at = now()
       WHERE agency_id = ${args.agencyId} AND id = ${args.eventId} AND dispatched_at IS NULL)
    -- A re-run: rows made by the earlier run are read as they were; this run's from RETURNING.
    SELECT id, webhook_id FROM created WHERE status = 'pending'
    UNION ALL
    SELECT id, webhook_id FROM deliveries WHERE event_id = ${args.eventId} AND agency_id = ${args.agencyId} AND status = 'pending'
    ORDER BY id`);
  return {
    found: true,
    deliveries: pending.map((r) => ({ deliveryId: r.id, webhookId: r.webhook_id, agencyId: args.agencyId })),
  };
}
