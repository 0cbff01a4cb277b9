import { inngest } from "@/lib/inngest/client.ts";
import { hasEndpointsToWarn, warnBeforeAutoDisable } from "@/lib/alerts/endpoint-health-alerts.ts";
import { autoDisableFailingWebhooks } from "@/lib/webhooks/webhook-status.ts";
import { prismaOf, type FunctionDeps } from "./function-options.ts";

/**
 * Attempts already pause an endpoint the moment its failure streak passes the limit; this
 * hourly sweep catches endpoints whose streak crossed it with no attempt since, and warns the
 * agency about those that cross it within a day.
 */
export function createAutoDisableWebhooks(deps: FunctionDeps = {}) {
  return inngest.createFunction(
    {
      id: "auto-disable-webhooks",
      name: "Auto-disable failing webhooks",
      triggers: [{ cron: "17 * * * *" }],
      retries: 2,
    },
    async ({ step }) => {
      const afterMs = deps.delivery?.autoDisableAfterMs;
      const disabled = await step.run("disable-failing", async () =>
        autoDisableFailingWebhooks(await prismaOf(deps), { afterMs }),
      );
      // A day's notice to owners and admins before the step above pauses an endpoint; the probe
      // is not a step, so an hour with nobody to warn adds no execution.
      const warned = (await hasEndpointsToWarn(await prismaOf(deps), { afterMs }))
        ? await step.run("warn-before-disabling", async () => warnBeforeAutoDisable(await prismaOf(deps), { afterMs }))
        : 0;
      return { disabled, warned };
    },
  );
}

export const autoDisableWebhooks = createAutoDisableWebhooks();
