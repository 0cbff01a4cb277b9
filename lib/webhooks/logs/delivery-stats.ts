import { Prisma, type PrismaClient } from "@/lib/db/generated/client.ts";

export type WindowStats = {
  attempts: number;
  succeeded: number;
  /** 0–1, or null when there were no attempts. */
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
};

export type DayBucket = { day: string; succeeded: number; failed: number };

export type DeliveryStats = { last24h: WindowStats; last7d: WindowStats; days: DayBucket[] };

const HOUR = 60 * 60 * 1000;

type StatsRow = { total: number; ok: number; p50: number | null; p95: number | null };

// The agency check is one lookup of the endpoint, not a join to deliveries per attempt:
// that keeps the stats an index-only scan of the covering index on delivery_attempts.
function ownedEndpoint(agencyId: string, webhookId: string): Prisma.Sql {
  return Prisma.sql`a.webhook_id = ${webhookId}
       AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = ${webhookId} AND w.agency_id = ${agencyId})`;
}

// Test sends say nothing about the endpoint's health, so they are left out.
async function windowStats(
  prisma: PrismaClient,
  agencyId: string,
  webhookId: string,
  since: Date,
): Promise<WindowStats> {
  const [row] = await prisma.$queryRaw<StatsRow[]>(Prisma.sql`
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE a.response_status BETWEEN 200 AND 299)::int AS ok,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY a.duration_ms)::float8 AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY a.duration_ms)::float8 AS p95
      FROM delivery_attempts a
     WHERE ${ownedEndpoint(agencyId, webhookId)}
       AND a.created_at >= ${since} AND a.trigger <> 'test'`);
  const total = row?.total ?? 0;
  return {
    attempts: total,
    succeeded: row?.ok ?? 0,
    successRate: total > 0 ? (row?.ok ?? 0) / total : null,
    p50Ms: row?.p50 == null ? null : Math.round(row.p50),
    p95Ms: row?.p95 == null ? null : Math.round(row.p95),
  };
}

type DayRow = { day: string; ok: number; failed: number };

async function dailyBuckets(
  prisma: PrismaClient,
  agencyId: string,
  webhookId: string,
  now: Date,
): Promise<DayBucket[]> {
  const since = new Date(now.getTime() - 6 * 24 * HOUR);
  since.setUTCHours(0, 0, 0, 0);
  const rows = await prisma.$queryRaw<DayRow[]>(Prisma.sql`
    SELECT to_char(date_trunc('day', a.created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
           count(*) FILTER (WHERE a.response_status BETWEEN 200 AND 299)::int AS ok,
           count(*) FILTER (WHERE a.response_status IS NULL OR a.response_status NOT BETWEEN 200 AND 299)::int AS failed
      FROM delivery_attempts a
     WHERE ${ownedEndpoint(agencyId, webhookId)}
       AND a.created_at >= ${since} AND a.trigger <> 'test'
     GROUP BY 1`);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return Array.from({ length: 7 }, (_, i) => {
    const day = new Date(since.getTime() + i * 24 * HOUR).toISOString().slice(0, 10);
    const r = byDay.get(day);
    return { day, succeeded: r?.ok ?? 0, failed: r?.failed ?? 0 };
  });
}

/** Success rate and p50/p95 attempt duration over 24 h and 7 days, plus 7 daily bars (UTC). */
export async function deliveryStats(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId: string; now?: Date },
): Promise<DeliveryStats> {
  const now = args.now ?? new Date();
  const [last24h, last7d, days] = await Promise.all([
    windowStats(prisma, args.agencyId, args.webhookId, new Date(now.getTime() - 24 * HOUR)),
    windowStats(prisma, args.agencyId, args.webhookId, new Date(now.getTime() - 7 * 24 * HOUR)),
    dailyBuckets(prisma, args.agencyId, args.webhookId, now),
  ]);
  return { last24h, last7d, days };
}
