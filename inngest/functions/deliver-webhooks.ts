import { inngest } from "@/lib/inngest/client.ts";
import { deliveryCreated, deliveryRetry } from "@/lib/inngest/events.ts";
import { createStatementBatcher } from "@/lib/db/statement-batcher.ts";
import { config } from "@/lib/config/index.ts";
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
 * them WEBHOOK_ENDPOINT_CONCURRENCY at a time in one step, records each as it finishes, and
 * hands every delivery that did not succeed to a retry run of its own (`deliver-webhook`: a
 * step per attempt, durable sleeps, Retry-After, 410, auto-disable — as for any delivery).
 *
 * On Inngest, one batch per endpoint at a time (the concurrency key is the batch key, which
 * Inngest reads from the batch's first event) and a batch waits up to the 1 s timeout to fill.
 * The embedded engine does not batch yet: each run is a batch of one, just as correct, so there
 * the endpoint gets its concurrency in runs; attemptBatch's per-endpoint limiter keeps one
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
      // first attempts and retries together keep WEBHOOK_ENDPOINT_CONCURRENCY in flight, as before.
      concurrency: [
        config().embeddedEngine
          ? { key: "event.data.webhookId", scope: "env" as const, limit: concurrency }
          : { key: "event.data.webhookId", limit: 1 },
        { limit: 100 },
      ],
      // A batch run that fails for good marks its pending deliveries failed (log + Retry).
      onFailure: onDeliveryRunFailed(deps),
    },
    async ({ events, step, runId }) => {
      const summary = await step.run("first-attempts", async () =>
        attemptBatch(await prismaOf(deps), {
          ...deps.delivery,
          policy: deps.delivery?.policy ?? retryPolicyFromConfig(),
          deliveries: events.map((e) => e.data),
          token: runId,
          concurrency,
          retryLater: deps.retryLater ?? sendRetries,
        }),
      );
      return summary;
    },
  );
}

export const deliverWebhooks = createDeliverWebhooks();
