import { inngest } from "@/lib/inngest/client.ts";
import { purgeIdempotencyKeys } from "@/lib/api/idempotency.ts";
import { pruneLoginLimits } from "@/lib/auth/login-limits.ts";
import { pruneUserSessions } from "@/lib/auth/user-sessions.ts";
import { purgeOldDeliveries } from "@/lib/webhooks/purge-old-deliveries.ts";
import { purgeFinishedRetryJobs } from "@/lib/webhooks/recovery/purge-retry-jobs.ts";
import { prismaOf, type FunctionDeps } from "./function-options.ts";

/** Daily log retention (WEBHOOK_LOG_RETENTION_DAYS, 30 by default): deliveries, finished retry jobs, expired keys. */
export function createPurgeDeliveryLogs(deps: FunctionDeps & { retentionDays?: number } = {}) {
  return inngest.createFunction(
    { id: "purge-delivery-logs", name: "Purge old delivery logs", triggers: [{ cron: "23 3 * * *" }], retries: 2 },
    async ({ step }) => {
      const logs = await step.run("purge", async () =>
        purgeOldDeliveries(await prismaOf(deps), { retentionDays: deps.retentionDays }),
      );
      // Retry Failed jobs that finished before the same retention period (their chunks cascade).
      const jobs = await step.run("purge-retry-jobs", async () =>
        purgeFinishedRetryJobs(await prismaOf(deps), { retentionDays: deps.retentionDays }),
      );
      // The REST API's Idempotency-Key answers are replayed for a day only (lib/api/idempotency.ts).
      const answers = await step.run("purge-idempotency-keys", async () => purgeIdempotencyKeys(await prismaOf(deps)));
      // Sign-in counters that expired (each app process also prunes them every 5 minutes).
      const limits = await step.run("prune-login-limits", async () => pruneLoginLimits(await prismaOf(deps)));
      // Expired session records (each sign-in also drops its own user's expired ones).
      const sessions = await step.run("prune-user-sessions", async () => pruneUserSessions(await prismaOf(deps)));
      return {
        ...logs,
        ...jobs,
        idempotencyKeys: answers.deleted,
        loginLimits: limits.deleted,
        userSessions: sessions.deleted,
      };
    },
  );
}

export const purgeDeliveryLogs = createPurgeDeliveryLogs();
