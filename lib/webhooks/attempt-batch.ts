import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { attemptAutomatically } from "./attempt-delivery.ts";
import type { DeliveryOptions } from "./attempt-types.ts";
import type { RunFence } from "@/lib/engine/held-runs.ts";

export type BatchDelivery = { deliveryId: string; agencyId: string; webhookId: string };

/** A delivery whose first attempt failed and that is to be retried at `retryAt` by a run of its own. */
export type RetryDue = BatchDelivery & { afterAttempt: number; attemptNumber: number; retryAt: string };

// Plain JSON and small (counts only; the log holds every attempt): an Inngest step memoizes it.
export type BatchSummary = {
  deliveries: number;
  succeeded: number;
  retrying: number;
  failed: number;
  skipped: number;
};

export type AttemptBatchArgs = DeliveryOptions & {
  deliveries: BatchDelivery[];
  /** Names the step (its run): a re-run after a crash re-sends only what was in flight. */
  token: string;
  /** Requests in flight at once to one endpoint from this process (the endpoint's concurrency). */
  concurrency: number;
  /** Hands a failed delivery to its retry run; awaited before the batch counts as done. */
  retryLater(due: RetryDue): Promise<void>;
  /**
   * The lease this process's embedded engine drives the batch's run under (absent on Inngest):
   * once another process holds the run (this one was paused past its lease), nothing more is
   * reserved, sent or recorded from here, so an endpoint's limit holds across processes and an
   * attempt the new holder sends again is logged once.
   */
  fence?: () => RunFence | null;
};

/**
 * The first automatic attempt of each delivery of a batch (one endpoint's, when batched by
 * endpoint), `concurrency` requests at a time. Each attempt is reserved, sent and recorded on
 * its own schedule, so a request that takes 10 s holds back nothing but itself: the others'
 * records (and the log) are written as they finish, sharing statements through the group commit
 * of reserveAttempt and recordAttempt. A slot is taken before the reservation (so a reservation
 * is never older than the wait for its own answer: a manual Retry's in-flight window) and freed
 * as soon as the answer is in, so the next delivery's reservation and request overlap this one's
 * record: the endpoint sees `concurrency` requests at most, never idle slots waiting for the log.
 * A delivery that fails is handed to `retryLater` at once.
 * If the step runs again after a crash, recorded attempts are not sent again (their retries are
 * handed over again, which dedupes by event id) and in-flight ones are re-sent with their number.
 */
export async function attemptBatch(prisma: PrismaClient, args: AttemptBatchArgs): Promise<BatchSummary> {
  const { deliveries, token, concurrency, retryLater, fence, ...options } = args;
  // A delivery queued twice (created, then resumed) is one attempt.
  const unique = [...new Map(deliveries.map((d) => [d.deliveryId, d])).values()];
  const summary: BatchSummary = { deliveries: unique.length, succeeded: 0, retrying: 0, failed: 0, skipped: 0 };
  await forEachConcurrently(
    unique,
    // The slots limit the requests; this bounds only the attempts being reserved or recorded.
    concurrency * 4,
    async (d) => {
      const release = await requestSlot(d.webhookId, concurrency);
      try {
        const result = await attemptAutomatically(prisma, {
          ...options,
          agencyId: d.agencyId,
          deliveryId: d.deliveryId,
          autoAttempt: 1,
          token,
          fence: fence?.() ?? null,
          afterSend: release,
        });
        // A manual retry got there first and is being sent: the retry run starts at attempt 1
        // after a short wait, and sends only if that manual attempt did not succeed.
        if (result.kind === "skipped" && result.reason === "in_flight") {
          summary.retrying++;
          const retryAt = new Date(Date.now() + 5_000).toISOString();
          return retryLater({ ...d, afterAttempt: 0, attemptNumber: 0, retryAt });
        }
        if (result.kind === "skipped") return void summary.skipped++;
        if (result.retryInMs !== null) {
          summary.retrying++;
          const retryAt = new Date(Date.now() + result.retryInMs).toISOString();
          await retryLater({ ...d, afterAttempt: 1, attemptNumber: result.number, retryAt });
        } else if (result.deliveryStatus === "succeeded") summary.succeeded++;
        else summary.failed++;
      } finally {
        release();
      }
    },
  );
  return summary;
}

/**
 * `fn` for each item, `limit` at a time, in order. One failing item does not stop the others
 * (a failing statement must not stop the other attempts): after all of them, the failures are
 * thrown together (an AggregateError, in input order), as p-map's `stopOnError: false` did.
 * A loop per slot instead of p-map, whose bookkeeping per item (a runner, a pull and a linked
 * promise each, and a scan of the pending ones) was 1.2 % of the engine process's CPU at full speed.
 */
async function forEachConcurrently<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  const errors: unknown[] = [];
  let next = 0;
  const slot = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        await fn(items[i]);
      } catch (err) {
        errors[i] = err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, slot));
  const failed: unknown[] = [];
  for (let i = 0; i < errors.length; i++) if (i in errors) failed.push(errors[i]);
  if (failed.length > 0) throw new AggregateError(failed);
}

// Requests in flight per endpoint in this process, shared by every batch run of that endpoint
// (the embedded engine may run several at once); dropped when idle. A plain counter and queue:
// p-limit's task-per-slot wrapping cost five closures and three promises per delivery.
type Slots = { limit: number; active: number; waiting: (() => void)[] };
const limiters = new Map<string, Slots>();

/**
 * Waits for one of the endpoint's `concurrency` slots (first come, first served); the function
 * it returns frees it (once, however often it is called).
 */
function requestSlot(webhookId: string, concurrency: number): Promise<() => void> {
  let slots = limiters.get(webhookId);
  // A changed limit starts a new count; the slots taken under the old one are freed to it.
  if (!slots || slots.limit !== concurrency) {
    slots = { limit: concurrency, active: 0, waiting: [] };
    limiters.set(webhookId, slots);
  }
  const own = slots;
  let open = true;
  const release = () => {
    if (!open) return;
    open = false;
    const next = own.waiting.shift();
    if (next) return next(); // the slot passes on
    own.active--;
    if (own.active === 0 && limiters.get(webhookId) === own) limiters.delete(webhookId);
  };
  if (own.active < own.limit) {
    own.active++;
    return Promise.resolve(release);
  }
  return new Promise((granted) => own.waiting.push(() => granted(release)));
}
