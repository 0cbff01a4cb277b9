import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { config } from "@/lib/config/index.ts";

const DAY = 86_400_000;

/**
 * Retry Failed jobs are kept as long as the delivery log (WEBHOOK_LOG_RETENTION_DAYS): a job
 * that finished (completed, cancelled or failed) longer ago than that is deleted, its chunks
 * with it (they cascade). A running job stays whatever its age: its run still writes to it.
 */
export async function purgeFinishedRetryJobs(
  prisma: PrismaClient,
  args: { retentionDays?: number; now?: Date } = {},
): Promise<{ retryJobs: number }> {
  const days = args.retentionDays ?? config().logRetentionDays;
  const cutoff = new Date((args.now ?? new Date()).getTime() - days * DAY);
  const { count } = await prisma.retryJob.deleteMany({
    where: { status: { in: ["completed", "cancelled", "failed"] }, finishedAt: { lt: cutoff } },
  });
  return { retryJobs: count };
}
