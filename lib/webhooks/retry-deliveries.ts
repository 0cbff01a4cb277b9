import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import {
  attemptDelivery,
  type AttemptDeliveryResult,
  type AttemptMade,
  type DeliveryOptions,
} from "./attempt-delivery.ts";
import { retryWhere } from "./recovery/retry-selection.ts";
import { getWebhook } from "./webhook-repo.ts";

/**
 * Retry (one delivery): a new attempt now; the admin sees its result. A delivery that is not
 * this agency's (or this webhook's, when given) answers like a missing one.
 */
export async function retryDelivery(
  prisma: PrismaClient,
  args: DeliveryOptions & { agencyId: string; deliveryId: string; webhookId?: string },
): Promise<AttemptMade & { eventId: string; webhookId: string }> {
  const delivery = await prisma.delivery.findFirst({
    where: { id: args.deliveryId, agencyId: args.agencyId, ...(args.webhookId ? { webhookId: args.webhookId } : {}) },
    select: { eventId: true, webhookId: true },
  });
  const result = delivery ? await attemptDelivery(prisma, { ...args, trigger: "manual" }) : undefined;
  if (!delivery || !result || (result.kind === "skipped" && result.reason === "not_found"))
    throw new AppError("NOT_FOUND", "This delivery no longer exists, or you do not have access to it.");
  // Skips carry their own plain sentence ("already succeeded", "endpoint disabled").
  if (result.kind === "skipped") throw new AppError("CONFLICT", result.message);
  return { ...result, eventId: delivery.eventId, webhookId: delivery.webhookId };
}

export type RetryFailedResult = {
  matched: number;
  attempted: number;
  succeeded: number;
  failed: number;
  skipped: number;
};

// The REST API's synchronous Retry Failed answers with the results, so it stays bounded; the
// screen's Retry Failed is a background job with no cap (recovery/retry-job.ts).
export const RETRY_FAILED_LIMIT = 200;
export const RETRY_PARALLEL = 5;

/**
 * Retry Failed, synchronously: every delivery of one endpoint created in [from, to] whose last
 * attempt failed (failed, or retrying: the new attempt replaces the scheduled wait) gets a new
 * attempt now, oldest first, a few at a time so the receiver is not flooded.
 */
export async function retryFailedDeliveries(
  prisma: PrismaClient,
  args: DeliveryOptions & { agencyId: string; webhookId: string; from: Date; to: Date; limit?: number },
): Promise<RetryFailedResult> {
  if ((await getWebhook(prisma, args)).status !== "active")
    throw new AppError("CONFLICT", "Enable this webhook first: a disabled webhook gets no deliveries or retries.");
  const where = retryWhere(args);
  const matched = await prisma.delivery.count({ where });
  const rows = await prisma.delivery.findMany({
    where,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: args.limit ?? RETRY_FAILED_LIMIT,
    select: { id: true },
  });
  const tally: RetryFailedResult = { matched, attempted: 0, succeeded: 0, failed: 0, skipped: 0 };
  await retryEach(prisma, { ...args, ids: rows.map((r) => r.id) }, (result) => countInto(tally, result));
  return tally;
}

export function countInto(tally: Omit<RetryFailedResult, "matched">, result: AttemptDeliveryResult): void {
  if (result.kind === "skipped") tally.skipped++;
  else {
    tally.attempted++;
    if (result.ok) tally.succeeded++;
    else tally.failed++;
  }
}

/** A manual attempt of each delivery that still has a failed last attempt, `RETRY_PARALLEL` at a time. */
export async function retryEach(
  prisma: PrismaClient,
  args: DeliveryOptions & { agencyId: string; ids: string[]; stop?: () => boolean },
  onResult: (result: AttemptDeliveryResult) => void | Promise<void>,
): Promise<void> {
  const { ids, stop, ...options } = args;
  const queue = [...ids];
  async function worker(): Promise<void> {
    for (let id = queue.shift(); id !== undefined && !stop?.(); id = queue.shift()) {
      await onResult(
        await attemptDelivery(prisma, { ...options, deliveryId: id, trigger: "manual", onlyIfFailed: true }),
      );
    }
  }
  await Promise.all(Array.from({ length: RETRY_PARALLEL }, worker));
}
