import type { NextRequest } from "next/server";
import { serve } from "inngest/next";
import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { inngest } from "@/lib/inngest/client.ts";
import { deliveryCreated } from "@/lib/inngest/events.ts";
import { createFunctions } from "@/inngest/functions/index.ts";
import type { RetryDue } from "@/lib/webhooks/attempt-batch.ts";
import { driveRun, type DriveResult, type Handler } from "./inngest-driver.ts";

export const ORIGIN = "http://app.test/api/inngest";
export const BATCH_FN = "agency-os-webhooks-deliver-webhooks";
export const RETRY_FN = "agency-os-webhooks-deliver-webhook";

/**
 * The app's real serve() handler (cloud mode: the caller sets INNGEST_SIGNING_KEY first) on a
 * test database, seconds-scale schedule; failed first attempts are collected in `retries`
 * instead of being sent to an Inngest server, so the test starts their runs itself.
 */
export function batchRoute(
  prisma: PrismaClient,
  opts: { timeoutMs?: number; endpointConcurrency?: number } = {},
): { handler: Handler; retries: RetryDue[] } {
  const retries: RetryDue[] = [];
  const functions = createFunctions({
    prisma: async () => prisma,
    // The SDK floors durable sleeps at 1 s, so the test schedule is in whole seconds.
    delivery: {
      policy: { schedule: [1_000, 1_000], jitter: 0, maxRetryAfterMs: 2_500 },
      timeoutMs: opts.timeoutMs ?? 3_000,
      allowPrivateUrls: true,
    },
    endpointConcurrency: opts.endpointConcurrency,
    retryLater: async (due) => void retries.push(due),
  });
  const route = serve({ client: inngest, functions });
  return { handler: (req) => route.POST(req as unknown as NextRequest, undefined), retries };
}

export type BatchItem = { deliveryId: string; agencyId: string; webhookId: string };

/** One run of the batched first-attempt function over these deliveries, driven as Inngest would. */
export function driveBatch(
  handler: Handler,
  signingKey: string,
  items: BatchItem[],
  runId = `run_${items[0].deliveryId}`,
): Promise<DriveResult> {
  const events = items.map((d) => ({ name: deliveryCreated.name, data: d, id: d.deliveryId }));
  return driveRun({ handler, origin: ORIGIN, fnId: BATCH_FN, signingKey, event: events[0], events, runId });
}
