import type { PrismaClient, RetryJob } from "@/lib/db/generated/client.ts";
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import { newId } from "@/lib/ids.ts";
import type { EventType } from "../event-catalog.ts";
import type { RetryStatus } from "../retry-ranges.ts";
import { getWebhook } from "../webhook-repo.ts";
import { retryWhere, type RetrySelection } from "./retry-selection.ts";

export type RetryJobView = {
  id: string;
  webhookId: string | null;
  status: RetryJob["status"];
  from: string;
  to: string;
  eventTypes: EventType[];
  statuses: RetryStatus[];
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  skipped: number;
  createdAt: string;
  finishedAt: string | null;
};

export function toRetryJobView(job: RetryJob): RetryJobView {
  return {
    id: job.id,
    webhookId: job.webhookId,
    status: job.status,
    from: job.fromAt.toISOString(),
    to: job.toAt.toISOString(),
    eventTypes: job.eventTypes as EventType[],
    statuses: job.statuses as RetryStatus[],
    total: job.total,
    processed: job.processed,
    succeeded: job.succeeded,
    failed: job.failed,
    skipped: job.skipped,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/**
 * Creates the job (its `total` is the count of matching deliveries now) and audits who started
 * it; the caller hands it to the engine. A job for one endpoint needs that endpoint enabled.
 */
export async function createRetryJob(
  prisma: PrismaClient,
  args: { actor: AuditActor; selection: Omit<RetrySelection, "agencyId">; range?: string },
): Promise<RetryJobView> {
  const agencyId = args.actor.agencyId;
  const selection = { ...args.selection, agencyId };
  if (
    selection.webhookId &&
    (await getWebhook(prisma, { agencyId, webhookId: selection.webhookId })).status !== "active"
  )
    throw new AppError("CONFLICT", "Enable this webhook first: a disabled webhook gets no deliveries or retries.");
  const total = await prisma.delivery.count({ where: retryWhere(selection) });
  const job = await prisma.retryJob.create({
    data: {
      id: newId("rjb"),
      agencyId,
      webhookId: selection.webhookId ?? null,
      eventTypes: selection.eventTypes ?? [],
      statuses: selection.statuses?.length ? selection.statuses : ["failed", "retrying"],
      fromAt: selection.from,
      toAt: selection.to,
      total,
      createdBy: args.actor.label,
    },
  });
  await recordAudit(prisma, {
    actor: args.actor,
    action: "delivery.retry_job_started",
    ...(selection.webhookId ? { webhookId: selection.webhookId } : { target: { type: "agency", id: agencyId } }),
    details: {
      jobId: job.id,
      ...(args.range ? { range: args.range } : { from: selection.from.toISOString(), to: selection.to.toISOString() }),
      eventTypes: job.eventTypes,
      statuses: job.statuses,
      matched: total,
    },
  });
  return toRetryJobView(job);
}

export async function getRetryJob(prisma: PrismaClient, args: { agencyId: string; jobId: string }) {
  const job = await prisma.retryJob.findFirst({ where: { id: args.jobId, agencyId: args.agencyId } });
  if (!job) throw new AppError("NOT_FOUND", "This Retry Failed job does not exist, or you do not have access to it.");
  return toRetryJobView(job);
}

/** The agency's most recent job still running (the screen picks its progress up again after a reload). */
export async function runningRetryJob(prisma: PrismaClient, args: { agencyId: string; webhookId?: string | null }) {
  const job = await prisma.retryJob.findFirst({
    where: { agencyId: args.agencyId, status: "running", webhookId: args.webhookId ?? null },
    orderBy: { createdAt: "desc" },
  });
  return job ? toRetryJobView(job) : null;
}

/** Cancel: the job stops at its next progress write (retry-job-chunk.ts); what was retried stays retried. */
export async function cancelRetryJob(prisma: PrismaClient, args: { actor: AuditActor; jobId: string }) {
  const agencyId = args.actor.agencyId;
  const job = await getRetryJob(prisma, { agencyId, jobId: args.jobId });
  const { count } = await prisma.retryJob.updateMany({
    where: { id: job.id, agencyId, status: "running" },
    data: { status: "cancelled", finishedAt: new Date() },
  });
  if (count === 0) throw new AppError("CONFLICT", "This job has already finished.");
  await recordAudit(prisma, {
    actor: args.actor,
    action: "delivery.retry_job_cancelled",
    ...(job.webhookId ? { webhookId: job.webhookId } : { target: { type: "agency", id: agencyId } }),
    details: { jobId: job.id, processed: job.processed, total: job.total },
  });
  return getRetryJob(prisma, { agencyId, jobId: job.id });
}

/** The job's end: completed, unless it was cancelled meanwhile. */
export async function finishRetryJob(prisma: PrismaClient, args: { jobId: string; status: "completed" | "failed" }) {
  await prisma.retryJob.updateMany({
    where: { id: args.jobId, status: "running" },
    data: { status: args.status, finishedAt: new Date() },
  });
}
