import { inngest } from "@/lib/inngest/client.ts";
import { autoDisableFailingWebhooks } from "@/lib/webhooks/webhook-status.ts";
import { prismaOf, type FunctionDeps } from "./function-options.ts";

/**
 * Attempts already pause an endpoint the moment its failure streak passes the limit; this
 * hourly sweep catches endpoints whose streak crossed it with no attempt since.
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
      const disabled = await step.run("disable-failing", async () =>
        autoDisableFailingWebhooks(await prismaOf(deps), { afterMs: deps.delivery?.autoDisableAfterMs }),
      );
      return { disabled };
    },
  );
}

export const autoDisableWebhooks = createAutoDisableWebhooks();
