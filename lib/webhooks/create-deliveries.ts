import { Prisma, type PrismaClient } from "@/lib/db/generated/client.ts";
import { newId } from "@/lib/ids.ts";

export type PendingDelivery = { deliveryId: string; webhookId: string; agencyId: string };

// newId()'s alphabet (Crockford base32, lower case), to number the rows of one statement.
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * Fan-out: one Delivery per endpoint of the agency subscribed to the event type. A disabled
 * endpoint is paused, not unsubscribed: its delivery is kept as `paused` and sent when the
 * endpoint is enabled again. The unique (event, endpoint) index makes re-runs harmless:
 * existing rows are kept, and only deliveries still pending are returned to be (re)queued.
 *
 * One statement (find the subscribers, insert, mark dispatched, list pending) rather than a
 * read and then a write: this runs once per emitted event. The delivery IDs are one newId()
 * whose last three characters the statement replaces with the row's number, so they stay
 * unique and time-ordered without a round trip to learn how many there are.
 */
export async function createDeliveriesForEvent(
  prisma: PrismaClient,
  args: { agencyId: string; eventId: string },
): Promise<{ found: boolean; deliveries: PendingDelivery[] }> {
  const base = newId("dlv").slice(0, -3);
  // Test events belong to the one endpoint being tested; never fan them out. The event's own
  // row comes back (webhook_id null) even without subscribers, so "found" stays exact.
  const rows = await prisma.$queryRaw<{ id: string | null; webhook_id: string | null }[]>(Prisma.sql`
    WITH e AS (
      SELECT id, type FROM events WHERE agency_id = ${args.agencyId} AND id = ${args.eventId} AND NOT is_test),
    subs AS (
      SELECT w.id AS webhook_id, w.status = 'active' AS active, e.type, (row_number() OVER (ORDER BY w.id))::int AS n
        FROM e JOIN webhooks w ON w.agency_id = ${args.agencyId} AND e.type = ANY (w.events)),
    created AS (
      INSERT INTO deliveries (id, agency_id, webhook_id, event_id, event_type, status, created_at, updated_at)
      SELECT ${base} || substr(${ALPHABET}, ((s.n >> 10) & 31) + 1, 1) || substr(${ALPHABET}, ((s.n >> 5) & 31) + 1, 1)
                     || substr(${ALPHABET}, (s.n & 31) + 1, 1),
             ${args.agencyId}, s.webhook_id, ${args.eventId}, s.type,
             (CASE WHEN s.active THEN 'pending' ELSE 'paused' END)::"DeliveryStatus", now(), now()
        FROM subs s
      ON CONFLICT (event_id, webhook_id, resend_seq) DO NOTHING
      RETURNING id, webhook_id, status),
    dispatched AS (
      UPDATE events SET dispatched_at = now()
       WHERE agency_id = ${args.agencyId} AND id = ${args.eventId} AND dispatched_at IS NULL AND NOT is_test)
    SELECT NULL AS id, NULL AS webhook_id FROM e
    UNION ALL
    -- A re-run: rows made by the earlier run are read as they were; this run's from RETURNING.
    (SELECT id, webhook_id FROM created WHERE status = 'pending'
     UNION ALL
     SELECT id, webhook_id FROM deliveries
      WHERE event_id = ${args.eventId} AND agency_id = ${args.agencyId} AND status = 'pending'
     ORDER BY id)`);
  if (rows.length === 0) return { found: false, deliveries: [] };
  return {
    found: true,
    deliveries: rows.flatMap((r) =>
      r.id && r.webhook_id ? [{ deliveryId: r.id, webhookId: r.webhook_id, agencyId: args.agencyId }] : [],
    ),
  };
}
