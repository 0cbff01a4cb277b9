import { inngest } from "@/inngest/client.ts";
import { deliveryCreated } from "@/inngest/events.ts";
import { endpointConcurrency } from "@/lib/config/index.ts";
import { attemptDelivery } from "@/lib/webhooks/attempt-delivery.ts";
import { maxAttempts, retryPolicyFromConfig } from "@/lib/webhooks/retry-schedule.ts";
import { prismaOf, type FunctionDeps } from "./function-options.ts";

/**
 * One run per delivery: a named step per attempt (sign, guard, POST, record) and a durable
 * sleep between them. The wait, jitter included, is computed inside the attempt step, so
 * it is memoized and a replay sleeps exactly as long as the first execution decided.
 */
export function createDeliverWebhook(deps: FunctionDeps = {}) {
  return inngest.createFunction(
    {
      id: "deliver-webhook",
      name: "Deliver webhook",
      triggers: [deliveryCreated],
      // Our own step loop retries the webhook; these only cover our infrastructure
      // (a database hiccup inside a step), so they stay few.
      retries: 3,
      concurrency: [
        // Fairness: a slow endpoint occupies at most its few slots (5 unless configured);
        // sleeping runs hold none. Keep it well below the engine's concurrency.
        { key: "event.data.webhookId", limit: deps.endpointConcurrency ?? endpointConcurrency() },
        { limit: 100 },
      ],
    },
    async ({ event, step }) => {
      const { agencyId, deliveryId } = event.data;
      const policy = deps.delivery?.policy ?? retryPolicyFromConfig();
      const total = maxAttempts(policy);
      for (let n = 1; n <= total; n++) {
        const result = await step.run(`attempt-${n}`, async () =>
          attemptDelivery(await prismaOf(deps), {
            ...deps.delivery,
            policy,
            agencyId,
            deliveryId,
            trigger: "auto",
            autoAttempt: n,
          }),
        );
        if (result.kind === "skipped") return { deliveryId, outcome: result.reason, attempts: n - 1 };
        if (result.retryInMs === null) return { deliveryId, outcome: result.deliveryStatus, attempts: n };
        await step.sleep(`wait-${n}`, result.retryInMs);
      }
      return { deliveryId, outcome: "failed", attempts: total };
    },
  );
}

export const deliverWebhook = createDeliverWebhook();
