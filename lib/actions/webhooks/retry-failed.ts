"use server";

import { managerAction } from "@/lib/actions/define-action.ts";
import { actorOf } from "@/lib/audit/record-audit.ts";
import { selectionOfRange, startRetryJob } from "@/lib/webhooks/recovery/start-retry-job.ts";
import { RetryFailedSchema } from "@/lib/webhooks/retry-ranges.ts";
import { webhookPages } from "./webhook-pages.ts";

/**
 * Retry Failed: starts a background job that gives every delivery in the range whose last
 * attempt failed (failed, or waiting for its next automatic try) a new attempt; the screen
 * polls its progress.
 */
export const retryFailedAction = managerAction(
  { name: "retry-failed", input: RetryFailedSchema, revalidate: ({ webhookId }) => webhookPages(webhookId) },
  async (input, { prisma, ctx }) => startRetryJob(prisma, { actor: actorOf(ctx), ...selectionOfRange(input) }),
);
