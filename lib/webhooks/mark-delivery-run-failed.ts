import type { PrismaClient } from "@/lib/db/generated/client.ts";

/**
 * A delivery whose engine run failed for good (its own retries exhausted: a database outage,
 * a bug) would otherwise stay `pending` forever, skipped by the purge and never retried. It
 * is marked failed with the reason instead, so the log shows it and Retry picks it up. One
 * that already settled (succeeded, failed, paused) is left as it is.
 */
export async function markDeliveryRunFailed(
  prisma: PrismaClient,
  args: { agencyId: string; deliveryId: string; reason: string },
): Promise<{ marked: boolean }> {
  const { count } = await prisma.delivery.updateMany({
    where: { id: args.deliveryId, agencyId: args.agencyId, status: "pending" },
    data: {
      status: "failed",
      lastErrorClass: "run_failed",
      failureReason: `The delivery run failed: ${args.reason}`.slice(0, 2000),
      nextAttemptAt: null,
      completedAt: new Date(),
    },
  });
  return { marked: count > 0 };
}
