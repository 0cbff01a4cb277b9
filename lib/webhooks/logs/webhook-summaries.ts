import { Prisma, type PrismaClient } from "@/lib/db/generated/client.ts";
import type { DeliveryStatusName } from "./log-query.ts";

export type WebhookSummary = {
  lastDelivery: { status: DeliveryStatusName; statusCode: number | null; at: string; isTest: boolean } | null;
  /** Attempts that got a 2xx over the last 7 days, 0–1; null when there were none. */
  successRate7d: number | null;
};

type LastRow = { webhook_id: string; status: DeliveryStatusName; last_status_code: number | null; created_at: Date; is_test: boolean };
type RateRow = { webhook_id: string; total: number; ok: number };

/** The list page's "last delivery" and "success rate" columns, for every webhook of an agency at once. */
export async function webhookSummaries(
  prisma: PrismaClient,
  args: { agencyId: string; now?: Date },
): Promise<Record<string, WebhookSummary>> {
  const since = new Date((args.now ?? new Date()).getTime() - 7 * 24 * 60 * 60 * 1000);
  const [last, rates] = await Promise.all([
    prisma.$queryRaw<LastRow[]>(Prisma.sql`
      SELECT DISTINCT ON (webhook_id) webhook_id, status::text AS status, last_status_code, created_at, is_test
        FROM deliveries WHERE agency_id = ${args.agencyId}
       ORDER BY webhook_id, created_at DESC, id DESC`),
    prisma.$queryRaw<RateRow[]>(Prisma.sql`
      SELECT a.webhook_id, count(*)::int AS total,
             count(*) FILTER (WHERE a.response_status BETWEEN 200 AND 299)::int AS ok
        FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
       WHERE d.agency_id = ${args.agencyId} AND a.created_at >= ${since} AND a.trigger <> 'test'
       GROUP BY a.webhook_id`),
  ]);
  const out: Record<string, WebhookSummary> = {};
  for (const r of last) {
    out[r.webhook_id] = {
      lastDelivery: { status: r.status, statusCode: r.last_status_code, at: new Date(r.created_at).toISOString(), isTest: r.is_test },
      successRate7d: null,
    };
  }
  for (const r of rates) {
    out[r.webhook_id] ??= { lastDelivery: null, successRate7d: null };
    out[r.webhook_id].successRate7d = r.total > 0 ? r.ok / r.total : null;
  }
  return out;
}
