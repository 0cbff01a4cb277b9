import type { z } from "zod";
import type { PrismaClient } from "@/lib/db/generated/client.ts";
import type { AuditActor } from "@/lib/audit/record-audit.ts";
import { inngest } from "@/lib/inngest/client.ts";
import { retryJobStarted } from "@/lib/inngest/events.ts";
import { RETRY_RANGES, type RetryFailedSchema } from "../retry-ranges.ts";
import { createRetryJob, finishRetryJob, getRetryJob } from "./retry-job.ts";
import type { RetrySelection } from "./retry-selection.ts";

/**
 * Retry Failed, from the screen or the API: the job row (progress, cancel switch, audit entry),
 * then its run on the engine. Nothing to retry: the job is complete at once and no run starts.
 * `range` names the screen's choice in the audit entry.
 */
export async function startRetryJob(
  prisma: PrismaClient,
  args: { actor: AuditActor; selection: Omit<RetrySelection, "agencyId">; range?: string },
) {
  const job = await createRetryJob(prisma, args);
  if (job.total === 0) {
    await finishRetryJob(prisma, { jobId: job.id, status: "completed" });
    return getRetryJob(prisma, { agencyId: args.actor.agencyId, jobId: job.id });
  }
  await inngest.send(retryJobStarted.create({ jobId: job.id, agencyId: args.actor.agencyId }, { id: job.id }));
  return job;
}

/** The screen's choice (a range ending now) as a selection. */
export function selectionOfRange(input: z.output<typeof RetryFailedSchema>, now = new Date()) {
  return {
    range: input.range,
    selection: {
      webhookId: input.webhookId,
      from: new Date(now.getTime() - RETRY_RANGES[input.range].ms),
      to: now,
      eventTypes: input.eventTypes,
      statuses: input.statuses,
    },
  };
}
