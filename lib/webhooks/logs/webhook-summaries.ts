import { Prisma, type PrismaClient } from "@/lib/db/generated/client.ts";
import type { DeliveryStatusName } from "./log-query.ts";

export type WebhookSummary = {
  lastDelivery: { status: DeliveryStatusName; statusCode: number | null; at: string; isTest: boolean } | null;
  /** Attempts that got a 2xx over the last 7 days, 0–1; null when there were none. */
  successRate7d: number | null;
};

type LastRow = {
  webhook_id: string;
  status: DeliveryStatusName;
  last_status_code: number | null;
  created_at: Date;
  is_test: boolean;
};
type RateRow = { webhook_id: string; total: number; ok: number };

const HOUR = 60 * 60 * 1000;

// One probe of deliveries_webhook_id_created_at_id_idx per endpoint of the agency, instead
// of sorting the agency's whole log to pick each endpoint's newest row.
function lastDeliveries(prisma: PrismaClient, agencyId: string): Promise<LastRow[]> {
  return prisma.$queryRaw<LastRow[]>(Prisma.sql`
    SELECT w.id AS webhook_id, d.status::text AS status, d.last_status_code, d.created_at, d.is_test
      FROM webhooks w
      CROSS JOIN LATERAL (
        SELECT status, last_status_code, created_at, is_test FROM deliveries d
         WHERE d.webhook_id = w.id AND d.agency_id = ${agencyId}
         ORDER BY created_at DESC, id DESC LIMIT 1) d
     WHERE w.agency_id = ${agencyId}`);
}

// The agency's endpoints as one array, so each table below is read in a single bitmap or
// index scan: an hour's roll-up rows of all endpoints share a page, and one pass over the
// window visits each page once instead of once per endpoint (124 vs 6,200 pages at 1M).
function agencyWebhookIds(agencyId: string): Prisma.Sql {
  return Prisma.sql`ARRAY(SELECT id FROM webhooks WHERE agency_id = ${agencyId})`;
}

/**
 * Non-test attempts since `since` and how many got a 2xx, per endpoint of the agency (only
 * endpoints that had some). Whole hours come from the webhook_stats_hourly roll-up; the
 * part of an hour at the start of the window comes from the attempts themselves, so the
 * figures are exactly those of a count over delivery_attempts.
 */
function attemptCounts(prisma: PrismaClient, agencyId: string, since: Date): Promise<RateRow[]> {
  const wholeHours = new Date(Math.ceil(since.getTime() / HOUR) * HOUR);
  return prisma.$queryRaw<RateRow[]>(Prisma.sql`
    SELECT webhook_id, sum(total)::int AS total, sum(ok)::int AS ok
      FROM (
        SELECT s.webhook_id, s.attempts AS total, s.succeeded AS ok FROM webhook_stats_hourly s
         WHERE s.webhook_id = ANY(${agencyWebhookIds(agencyId)}) AND s.hour >= ${wholeHours}
        UNION ALL
        SELECT a.webhook_id, 1, CASE WHEN a.response_status BETWEEN 200 AND 299 THEN 1 ELSE 0 END
          FROM delivery_attempts a
         WHERE a.webhook_id = ANY(${agencyWebhookIds(agencyId)})
           AND a.created_at >= ${since} AND a.created_at < ${wholeHours} AND a.trigger <> 'test') x
     GROUP BY webhook_id
    HAVING sum(total) > 0`);
}

/** The list page's "last delivery" and "success rate" columns, for every webhook of an agency at once. */
export async function webhookSummaries(
  prisma: PrismaClient,
  args: { agencyId: string; now?: Date },
): Promise<Record<string, WebhookSummary>> {
  const since = new Date((args.now ?? new Date()).getTime() - 7 * 24 * HOUR);
  const [last, rates] = await Promise.all([
    lastDeliveries(prisma, args.agencyId),
    attemptCounts(prisma, args.agencyId, since),
  ]);
  const out: Record<string, WebhookSummary> = {};
  for (const r of last) {
    out[r.webhook_id] = {
      lastDelivery: {
        status: r.status,
        statusCode: r.last_status_code,
        at: new Date(r.created_at).toISOString(),
        isTest: r.is_test,
      },
      successRate7d: null,
    };
  }
  for (const r of rates) {
    out[r.webhook_id] ??= { lastDelivery: null, successRate7d: null };
    out[r.webhook_id].successRate7d = r.total > 0 ? r.ok / r.total : null;
  }
  return out;
}
