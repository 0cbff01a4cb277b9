import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { queryPrepared, statement } from "@/lib/db/prepared-statements.ts";
import { newId } from "@/lib/ids.ts";

export type PendingDelivery = { deliveryId: string; webhookId: string; agencyId: string };

// newId()'s alphabet (Crockford base32, lower case), to number the rows of one statement.
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

const FAN_OUT = statement(
  "fan-out-events",
  `
    WITH k AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS k(agency_id text, id text, i int) LIMIT $4),
    e AS (
      SELECT DISTINCT ON (ev.agency_id, ev.id) ev.agency_id, ev.id, ev.type, k.i
        FROM k JOIN events ev ON ev.agency_id = k.agency_id AND ev.id = k.id AND NOT ev.is_test
       ORDER BY ev.agency_id, ev.id, k.i),
    subs AS (
      SELECT e.agency_id, e.id AS event_id, w.id AS webhook_id, w.status = 'active' AS active, e.type,
             (row_number() OVER (ORDER BY e.i, w.id))::int AS n
        FROM e JOIN webhooks w ON w.agency_id = e.agency_id AND e.type = ANY (w.events)),
    created AS (
      INSERT INTO deliveries (id, agency_id, webhook_id, event_id, event_type, status, created_at, updated_at)
      SELECT $2 || substr($3, ((s.n >> 15) & 31) + 1, 1) || substr($3, ((s.n >> 10) & 31) + 1, 1)
                     || substr($3, ((s.n >> 5) & 31) + 1, 1) || substr($3, (s.n & 31) + 1, 1),
             s.agency_id, s.webhook_id, s.event_id, s.type,
             (CASE WHEN s.active THEN 'pending' ELSE 'paused' END)::"DeliveryStatus", now(), now()
        FROM subs s
      ON CONFLICT (event_id, webhook_id, resend_seq) DO NOTHING
      RETURNING id, agency_id, event_id, webhook_id, status),
    -- Not when $5 is false: the dispatcher that fans out in its own process marks them only
    -- after the deliveries' events are sent (fanOutInProcess).
    -- SKIP LOCKED: the dispatcher marks these rows too, right after its send started this run,
    -- in its own order; waiting for each other's row locks deadlocked (seen under load). A row
    -- locked here is being marked by its holder, so skipping it loses nothing.
    dispatched AS (
      UPDATE events ev SET dispatched_at = now()
        FROM (SELECT l.agency_id, l.id FROM events l JOIN e ON l.agency_id = e.agency_id AND l.id = e.id
               WHERE $5 AND l.dispatched_at IS NULL FOR NO KEY UPDATE OF l SKIP LOCKED) l
       WHERE ev.agency_id = l.agency_id AND ev.id = l.id)
    SELECT e.i, NULL AS id, NULL AS webhook_id FROM e
    UNION ALL
    -- A re-run: rows made by the earlier run are read as they were; this run's from RETURNING.
    (SELECT e.i, c.id, c.webhook_id FROM created c JOIN e ON e.agency_id = c.agency_id AND e.id = c.event_id
      WHERE c.status = 'pending'
     UNION ALL
     SELECT e.i, d.id, d.webhook_id FROM e JOIN deliveries d ON d.event_id = e.id AND d.agency_id = e.agency_id
      WHERE d.status = 'pending'
     ORDER BY 1, 2)`,
);

/**
 * Fan-out: one Delivery per endpoint of the agency subscribed to the event type. A disabled
 * endpoint is paused, not unsubscribed: its delivery is kept as `paused` and sent when the
 * endpoint is enabled again. The unique (event, endpoint) index makes re-runs harmless:
 * existing rows are kept, and only deliveries still pending are returned to be (re)queued.
 */
export async function createDeliveriesForEvent(
  prisma: PrismaClient,
  args: { agencyId: string; eventId: string },
): Promise<{ found: boolean; deliveries: PendingDelivery[] }> {
  const [one] = await createDeliveriesForEvents(prisma, [args]);
  return one;
}

/**
 * The fan-out of several events (a batch of the fan-out function) in one statement (find the
 * subscribers, insert, mark dispatched, list pending) rather than a read and then a write per
 * event. The delivery IDs are one newId() whose last four characters the statement replaces
 * with the row's number, so they stay unique and time-ordered without a round trip to learn
 * how many there are. Results are in the order of `events`. `markDispatched: false` leaves the
 * events' dispatched mark to the caller (the dispatcher, once the deliveries are queued).
 */
export async function createDeliveriesForEvents(
  prisma: PrismaClient,
  events: { agencyId: string; eventId: string }[],
  opts: { markDispatched?: boolean } = {},
): Promise<{ found: boolean; deliveries: PendingDelivery[] }[]> {
  if (events.length === 0) return [];
  const base = newId("dlv").slice(0, -4);
  const keys = JSON.stringify(events.map((e, i) => ({ agency_id: e.agencyId, id: e.eventId, i })));
  // Test events belong to the one endpoint being tested; never fan them out. Each event's own
  // row comes back (webhook_id null) even without subscribers, so "found" stays exact.
  const rows = await queryPrepared<{ i: number; id: string | null; webhook_id: string | null }>(prisma, FAN_OUT, [
    keys,
    base,
    ALPHABET,
    events.length,
    opts.markDispatched ?? true,
  ]);
  const out = events.map(() => ({ found: false, deliveries: [] as PendingDelivery[] }));
  for (const r of rows) {
    const o = out[r.i];
    if (!o) continue;
    o.found = true;
    if (r.id && r.webhook_id)
      o.deliveries.push({ deliveryId: r.id, webhookId: r.webhook_id, agencyId: events[r.i].agencyId });
  }
  // The same event twice in one batch is fanned out once (the first); the others find it too.
  events.forEach((e, i) => {
    const first = events.findIndex((x) => x.agencyId === e.agencyId && x.eventId === e.eventId);
    if (first !== i) out[i] = { found: out[first].found, deliveries: [] };
  });
  return out;
}
