import { inngest } from "@/lib/inngest/client.ts";
import { deliveryCreated, deliveryRetry } from "@/lib/inngest/events.ts";
import { createStatementBatcher } from "@/lib/db/statement-batcher.ts";
import { config } from "@/lib/config/index.ts";
import { fenceOf } from "@/lib/engine/held-runs.ts";
import { attemptBatch, type RetryDue } from "@/lib/webhooks/attempt-batch.ts";
import { retryPolicyFromConfig } from "@/lib/webhooks/retry-schedule.ts";
import { onDeliveryRunFailed } from "./delivery-run-failed.ts";
import { prismaOf, type FunctionDeps } from "./function-options.ts";

// Failures that finish together leave in one send (group commit, as the attempts' statements).
// The event id makes a repeated hand-over (a step run again after a crash) start nothing new.
const sendRetries = createStatementBatcher(
  async (due: RetryDue[]) => {
    await inngest.send(
      due.map(({ afterAttempt, attemptNumber, retryAt, deliveryId, agencyId, webhookId }) =>
        deliveryRetry.create(
          { deliveryId, agencyId, webhookId, afterAttempt, retryAt },
          { id: `${deliveryId}-retry-${attemptNumber}` },
        ),
      ),
    );
    return due.map(() => undefined);
  },
  (d) => d.deliveryId,
);

/**
 * First attempts, batched per endpoint (DESIGN §5): most first attempts succeed, so they do
 * not cost a run each. One run takes up to WEBHOOK_BATCH_SIZE deliveries of one endpoint, sends
 * them WEBHOOK_ENDPOINT_CONCURRENCY at a time, records each as it finishes, and
 * hands every delivery that did not succeed to a retry run of its own (`deliver-webhook`: a
 * step per attempt, durable sleeps, Retry-After, 410, auto-disable — as for any delivery).
 *
 * On Inngest, one batch per endpoint at a time (the concurrency key is the batch key, which
 * Inngest reads from the batch's first event), and a batch starts when it is full or when the
 * 1 s timeout since its first event expires: a Cloud user should expect an endpoint receiving
 * less than one event a second to get each first attempt about 1 s (plus Inngest's scheduling)
 * after the event, and a busy endpoint's batches to start as soon as WEBHOOK_BATCH_SIZE events
 * are in. The timeout takes whole seconds in the SDK's type, so 1 s is the least.
 * The embedded engine starts a batch as soon as the endpoint has a free slot (no wait when
 * idle) and fills it while the endpoint is busy (lib/engine/claims.ts); there the endpoint's
 * slots are shared with its retry runs, and attemptBatch's per-endpoint limiter keeps one
 * process at WEBHOOK_ENDPOINT_CONCURRENCY requests in flight to an endpoint either way.
 */
export function createDeliverWebhooks(deps: FunctionDeps = {}) {
  const concurrency = deps.endpointConcurrency ?? config().endpointConcurrency;
  return inngest.createFunction(
    {
      id: "deliver-webhooks",
      name: "Deliver webhooks (first attempts, batched per endpoint)",
      triggers: [deliveryCreated],
      batchEvents: {
        maxSize: deps.batchSize ?? config().deliveryBatchSize,
        timeout: "1s",
        key: "event.data.webhookId",
      },
      // These cover our infrastructure (a database hiccup); webhook failures go to retry runs.
      retries: 3,
      // Embedded: the endpoint's slots are shared with its retry runs (same key, env scope), so
      // first attempts and retries together keep WEBHOOK_ENDPOINT_CONCURRENCY runs in flight.
      concurrency: [
        config().embeddedEngine
          ? { key: "event.data.webhookId", scope: "env" as const, limit: concurrency }
          : { key: "event.data.webhookId", limit: 1 },
        { limit: 100 },
      ],
      // A batch run that fails for good marks its pending deliveries failed (log + Retry).
      onFailure: onDeliveryRunFailed(deps),
    },
    // No step: the batch's attempts are recorded as they finish (reserve, send, record), so a
    // re-run skips what is recorded and a step's memo adds nothing but an execution (two a run
    // on Inngest instead of one) and a request to the serve handler per batch (bench: −11 %
    // CPU a delivery at 200 events/s, docs/performance.md).
    async ({ events, runId }) =>
      attemptBatch(await prismaOf(deps), {
        ...deps.delivery,
        policy: deps.delivery?.policy ?? retryPolicyFromConfig(),
        deliveries: events.map((e) => e.data),
        token: runId,
        concurrency,
        retryLater: deps.retryLater ?? sendRetries,
        // Embedded: each attempt reserves, sends and records only while this process holds the run.
        fence: () => fenceOf(runId),
      }),
  );
}

export const deliverWebhooks = createDeliverWebhooks();
