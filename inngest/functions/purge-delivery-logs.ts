import { inngest } from "@/inngest/client.ts";
import { purgeOldDeliveries } from "@/lib/webhooks/purge-old-deliveries.ts";
import { prismaOf, type FunctionDeps } from "./function-options.ts";

/** Daily log retention (WEBHOOK_LOG_RETENTION_DAYS, 30 by default). */
export function createPurgeDeliveryLogs(deps: FunctionDeps & { retentionDays?: number } = {}) {
  return inngest.createFunction(
    { id: "purge-delivery-logs", name: "Purge old delivery logs", triggers: [{ cron: "23 3 * * *" }], retries: 2 },
    async ({ step }) => {
      return step.run("purge", async () =>
        purgeOldDeliveries(await prismaOf(deps), { retentionDays: deps.retentionDays }),
      );
    },
  );
}

export const purgeDeliveryLogs = createPurgeDeliveryLogs();
