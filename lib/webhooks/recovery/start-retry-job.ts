import type { z } from "zod";
import type { PrismaClient } from "@/lib/db/generated/client.ts";
import type { AuditActor } from "@/lib/audit/record-audit.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import { inngest } from "@/lib/inngest/client.ts";
import { retryJobStarted } from "@/lib/inngest/events.ts";
import { RETRY_RANGES, type RetryFailedSchema } from "../retry-ranges.ts";
import { createRetryJob, finishRetryJob, getRetryJob } from "./retry-job.ts";
import type { RetrySelection } from "./retry-selection.ts";

/** Starts the job's run on the engine; injectable so a test can have the engine refuse it. */
export type StartRetryRun = (job: { jobId: string; agencyId: string }) => Promise<unknown>;

const startWithInngest: StartRetryRun = (job) => inngest.send(retryJobStarted.create(job, { id: job.jobId }));

/**
 * Retry Failed, from the screen or the API: the job row (progress, cancel switch, audit entry),
 * then its run on the engine. Nothing to retry: the job is complete at once and no run starts.
 * `range` names the screen's choice in the audit entry. If the engine refuses the run, the job
 * is marked failed at once (else the screen would show it running at 0 % for ever).
 */
export async function startRetryJob(
  prisma: PrismaClient,
  args: { actor: AuditActor; selection: Omit<RetrySelection, "agencyId">; range?: string; startRun?: StartRetryRun },
) {
  const job = await createRetryJob(prisma, args);
  if (job.total === 0) {
    await finishRetryJob(prisma, { jobId: job.id, status: "completed" });
    return getRetryJob(prisma, { agencyId: args.actor.agencyId, jobId: job.id });
  }
  try {
    await (args.startRun ?? startWithInngest)({ jobId: job.id, agencyId: args.actor.agencyId });
  } catch {
    await finishRetryJob(prisma, { jobId: job.id, status: "failed" });
    throw new AppError(
      "UNAVAILABLE",
      "The delivery engine did not accept the job, so nothing is being retried. Try again in a moment.",
    );
  }
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
