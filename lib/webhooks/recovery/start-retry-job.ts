import type { PrismaClient } from "@/lib/db/generated/client.ts";
import type { AuditActor } from "@/lib/audit/record-audit.ts";
import { inngest } from "@/lib/inngest/client.ts";
import { retryJobStarted } from "@/lib/inngest/events.ts";
import { RETRY_RANGES, type RetryFailedSchema } from "../retry-ranges.ts";
import type { z } from "zod";
import { createRetryJob, finishRetryJob } from "./retry-job.ts";

/**
 * Retry Failed from the screen: the job row (progress, cancel switch, audit entry), then its run
 * on the engine. Nothing to retry: the job is complete at once and no run starts.
 */
export async function startRetryJob(
  prisma: PrismaClient,
  args: { actor: AuditActor; input: z.output<typeof RetryFailedSchema>; now?: Date },
) {
  const to = args.now ?? new Date();
  const from = new Date(to.getTime() - RETRY_RANGES[args.input.range].ms);
  const job = await createRetryJob(prisma, {
    actor: args.actor,
    range: args.input.range,
    selection: {
      webhookId: args.input.webhookId,
      from,
      to,
      eventTypes: args.input.eventTypes,
      statuses: args.input.statuses,
    },
  });
  if (job.total === 0) {
    await finishRetryJob(prisma, { jobId: job.id, status: "completed" });
    return { ...job, status: "completed" as const };
  }
  await inngest.send(retryJobStarted.create({ jobId: job.id, agencyId: args.actor.agencyId }, { id: job.id }));
  return job;
}
