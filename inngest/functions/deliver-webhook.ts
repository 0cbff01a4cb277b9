import { inngest } from "@/lib/inngest/client.ts";
import { deliveryRetry } from "@/lib/inngest/events.ts";
import { config } from "@/lib/config/index.ts";
import { fenceOf } from "@/lib/engine/held-runs.ts";
import { attemptAutomatically } from "@/lib/webhooks/attempt-delivery.ts";
import { maxAttempts, retryPolicyFromConfig } from "@/lib/webhooks/retry-schedule.ts";
import { onDeliveryRunFailed } from "./delivery-run-failed.ts";
import { prismaOf, type FunctionDeps } from "./function-options.ts";

/**
 * The retry run of one delivery whose first attempt (made by `deliver-webhooks`) failed: it
 * waits until the time that attempt chose, then a named step per attempt (sign, guard, POST,
 * record) and a durable sleep between them. The wait, jitter included, is computed inside the
 * attempt step, so it is memoized and a replay sleeps exactly as long as the first execution
 * decided. Each step's reservation is named (run, attempt): run again after a crash, it re-sends
 * the same attempt number if it was in flight and nothing if it was recorded.
 */
export function createDeliverWebhook(deps: FunctionDeps = {}) {
  return inngest.createFunction(
    {
      id: "deliver-webhook",
      name: "Retry webhook delivery",
      triggers: [deliveryRetry],
      // Our own step loop retries the webhook; these only cover our infrastructure
      // (a database hiccup inside a step), so they stay few.
      retries: 3,
      concurrency: [
        // Fairness: a slow endpoint occupies at most its few slots (5 unless configured);
        // sleeping runs hold none. Keep it well below the engine's concurrency.
        // Env scope: the same slots as the endpoint's first attempts (deliver-webhooks) with
        // the embedded engine, which runs those as batches of one.
        { key: "event.data.webhookId", scope: "env", limit: deps.endpointConcurrency ?? config().endpointConcurrency },
        { limit: 100 },
      ],
      // A run that fails for good marks its delivery failed (log + Retry) instead of pending forever.
      onFailure: onDeliveryRunFailed(deps),
    },
    async ({ event, step, runId }) => {
      const { agencyId, deliveryId } = event.data;
      const after = event.data.afterAttempt ?? 0;
      const policy = deps.delivery?.policy ?? retryPolicyFromConfig();
      const total = maxAttempts(policy);
      if (event.data.retryAt) await step.sleepUntil(`wait-${after}`, event.data.retryAt);
      for (let n = after + 1; n <= total; n++) {
        const attempt = (id: string) =>
          step.run(id, async () =>
            attemptAutomatically(await prismaOf(deps), {
              ...deps.delivery,
              policy,
              agencyId,
              deliveryId,
              autoAttempt: n,
              token: `${runId}:${n}`,
              // Embedded: only while this process holds the run (a paused one sends nothing after).
              fence: fenceOf(runId),
            }),
          );
        let result = await attempt(`attempt-${n}`);
        // A manual retry (Retry, Retry Failed) of this delivery is being sent: wait for its result
        // rather than send a second request. If it succeeded the next look skips; if it failed,
        // this attempt goes ahead as scheduled. Bounded: a reservation older than the send
        // timeout no longer counts as in flight.
        for (let look = 1; result.kind === "skipped" && result.reason === "in_flight" && look <= 10; look++) {
          await step.sleep(`in-flight-${n}-${look}`, inFlightWaitMs(deps));
          result = await attempt(`attempt-${n}-after-${look}`);
        }
        if (result.kind === "skipped") return { deliveryId, outcome: result.reason, attempts: n - 1 };
        if (result.retryInMs === null) return { deliveryId, outcome: result.deliveryStatus, attempts: n };
        await step.sleep(`wait-${n}`, result.retryInMs);
      }
      return { deliveryId, outcome: "failed", attempts: total };
    },
  );
}

export const deliverWebhook = createDeliverWebhook();

function inFlightWaitMs(deps: FunctionDeps): number {
  return Math.min(deps.delivery?.timeoutMs ?? config().timeoutMs, 30_000) / 2 + 500;
}
