import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { config } from "@/lib/config/index.ts";

/**
 * Log retention: deliveries (their attempts cascade) older than the retention period are
 * removed, except ones still pending, whose schedule is not over. Test events and
 * relayed events left without deliveries go too.
 */
export async function purgeOldDeliveries(
  prisma: PrismaClient,
  args: { retentionDays?: number; now?: Date } = {},
): Promise<{ deliveries: number; events: number }> {
  const days = args.retentionDays ?? config().logRetentionDays;
  const cutoff = new Date((args.now ?? new Date()).getTime() - days * 86_400_000);
  const deliveries = await prisma.delivery.deleteMany({ where: { createdAt: { lt: cutoff }, status: { not: "pending" } } });
  const events = await prisma.event.deleteMany({
    where: { createdAt: { lt: cutoff }, dispatchedAt: { not: null }, deliveries: { none: {} } },
  });
  return { deliveries: deliveries.count, events: events.count };
}
