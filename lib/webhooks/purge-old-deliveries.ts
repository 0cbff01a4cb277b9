import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { config } from "@/lib/config/index.ts";

const DAY = 86_400_000;

// The list page reads at most the last 7 days (plus part of an hour) of the hourly roll-up.
const STATS_READ_DAYS = 8;

/**
 * Log retention: deliveries (their attempts cascade) older than the retention period are
 * removed, except ones still pending, whose schedule is not over. Test events and
 * relayed events left without deliveries go too, and so do hourly stats no screen reads.
 */
export async function purgeOldDeliveries(
  prisma: PrismaClient,
  args: { retentionDays?: number; now?: Date } = {},
): Promise<{ deliveries: number; events: number; hourlyStats: number }> {
  const days = args.retentionDays ?? config().logRetentionDays;
  const now = (args.now ?? new Date()).getTime();
  const cutoff = new Date(now - days * DAY);
  const deliveries = await prisma.delivery.deleteMany({
    where: { createdAt: { lt: cutoff }, status: { not: "pending" } },
  });
  const events = await prisma.event.deleteMany({
    where: { createdAt: { lt: cutoff }, dispatchedAt: { not: null }, deliveries: { none: {} } },
  });
  // Kept for max(retention, 8 days): with a retention shorter than a week, the 7-day success
  // rate still counts attempts whose log rows are gone, because it measures the endpoint's
  // health, not the log; beyond 8 days nothing reads them.
  const statsCutoff = new Date(now - Math.max(days, STATS_READ_DAYS) * DAY);
  const hourlyStats = await prisma.webhookStatsHourly.deleteMany({ where: { hour: { lt: statsCutoff } } });
  return { deliveries: deliveries.count, events: events.count, hourlyStats: hourlyStats.count };
}
