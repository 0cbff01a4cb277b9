import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import {
  attemptDelivery,
  type AttemptDeliveryResult,
  type AttemptMade,
  type DeliveryOptions,
} from "./attempt-delivery.ts";

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

export const RETRY_PARALLEL = 5;

/** Adds one attempt's outcome to a job's counts (a skip when the delivery no longer needed it). */
export function countInto(
  tally: { succeeded: number; failed: number; skipped: number },
  result: AttemptDeliveryResult,
): void {
  if (result.kind === "skipped") tally.skipped++;
  else if (result.ok) tally.succeeded++;
  else tally.failed++;
}

/**
 * A manual attempt of each delivery that still has a failed last attempt, `RETRY_PARALLEL` at a
 * time. When `onResult` throws, no more are started and the ones in flight are let finish
 * before the error goes up: a step that fails must not keep sending beside its own re-run.
 */
export async function retryEach(
  prisma: PrismaClient,
  args: DeliveryOptions & { agencyId: string; ids: string[]; stop?: () => boolean },
  onResult: (result: AttemptDeliveryResult) => void | Promise<void>,
): Promise<void> {
  const { ids, stop, ...options } = args;
  const queue = [...ids];
  let failure: { error: unknown } | null = null;
  async function worker(): Promise<void> {
    while (queue.length > 0 && !failure && !stop?.()) {
      const id = queue.shift()!;
      try {
        await onResult(
          await attemptDelivery(prisma, { ...options, deliveryId: id, trigger: "manual", onlyIfFailed: true }),
        );
      } catch (error) {
        failure ??= { error };
      }
    }
  }
  await Promise.all(Array.from({ length: RETRY_PARALLEL }, worker));
  if (failure) throw (failure as { error: unknown }).error;
}
