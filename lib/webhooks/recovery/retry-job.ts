import { Prisma, type PrismaClient, type RetryJob } from "@/lib/db/generated/client.ts";
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import { newId } from "@/lib/ids.ts";
import type { DeliveryOptions } from "../attempt-types.ts";
import { countInto, retryEach } from "../retry-deliveries.ts";
import type { RetryStatus } from "../retry-ranges.ts";
import { getWebhook } from "../webhook-repo.ts";
import { retryWhere, type RetrySelection } from "./retry-selection.ts";

/** Deliveries per step of the job: small enough that a step ends in minutes, large enough to be few steps. */
export const RETRY_JOB_CHUNK = 500;
// Progress is written (and the cancel switch read) every this many attempts, so the screen's
// n of m moves within a chunk and a cancel stops the job within a few seconds.
const FLUSH_EVERY = 25;

export type RetryJobView = {
  id: string;
  webhookId: string | null;
  status: RetryJob["status"];
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

/** Cancel: the job stops at its next progress write (within FLUSH_EVERY attempts); what was retried stays retried. */
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

/** Where a chunk ended: the last delivery it took (keyset order: created_at, id). Plain JSON for a step. */
export type RetryCursor = { createdAt: string; id: string } | null;
export type ChunkResult = { done: boolean; after: RetryCursor; attempted: number };

/**
 * One step of the job: the next `chunkSize` matching deliveries after `after`, each given a
 * manual attempt unless its last attempt no longer failed when it is reached (skipped). Stops
 * early when the job was cancelled.
 */
export async function runRetryJobChunk(
  prisma: PrismaClient,
  args: DeliveryOptions & { agencyId: string; jobId: string; after: RetryCursor; chunkSize?: number },
): Promise<ChunkResult> {
  const job = await prisma.retryJob.findFirst({ where: { id: args.jobId, agencyId: args.agencyId } });
  if (!job || job.status !== "running") return { done: true, after: args.after, attempted: 0 };
  const where = retryWhere({
    agencyId: job.agencyId,
    webhookId: job.webhookId,
    from: job.fromAt,
    to: job.toAt,
    eventTypes: job.eventTypes,
    statuses: job.statuses as RetryStatus[],
  });
  const after = args.after ? { createdAt: new Date(args.after.createdAt), id: args.after.id } : null;
  const rows = await prisma.delivery.findMany({
    where: after
      ? {
          AND: [
            where,
            { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] },
          ],
        }
      : where,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: args.chunkSize ?? RETRY_JOB_CHUNK,
    select: { id: true, createdAt: true },
  });
  let cancelled = false;
  let pending = { processed: 0, succeeded: 0, failed: 0, skipped: 0, attempted: 0 };
  let attempted = 0;
  const flush = async () => {
    const p = pending;
    pending = { processed: 0, succeeded: 0, failed: 0, skipped: 0, attempted: 0 };
    attempted += p.attempted;
    // One statement adds the counts and reads the cancel switch.
    const [row] = await prisma.$queryRaw<{ status: string }[]>(Prisma.sql`
      UPDATE retry_jobs SET processed = processed + ${p.processed}, succeeded = succeeded + ${p.succeeded},
             failed = failed + ${p.failed}, skipped = skipped + ${p.skipped},
             total = greatest(total, processed + ${p.processed}), updated_at = now()
       WHERE id = ${job.id} RETURNING status::text AS status`);
    if (row?.status !== "running") cancelled = true;
  };
  const { chunkSize: _chunk, after: _after, jobId: _job, ...options } = args;
  await retryEach(
    prisma,
    { ...options, agencyId: job.agencyId, ids: rows.map((r) => r.id), stop: () => cancelled },
    async (result) => {
      pending.processed++;
      countInto(pending, result);
      if (pending.processed >= FLUSH_EVERY) await flush();
    },
  );
  await flush();
  const last = rows.at(-1);
  return {
    done: cancelled || rows.length < (args.chunkSize ?? RETRY_JOB_CHUNK),
    after: last ? { createdAt: last.createdAt.toISOString(), id: last.id } : args.after,
    attempted,
  };
}

/** The job's end: completed, unless it was cancelled meanwhile. */
export async function finishRetryJob(prisma: PrismaClient, args: { jobId: string; status: "completed" | "failed" }) {
  await prisma.retryJob.updateMany({
    where: { id: args.jobId, status: "running" },
    data: { status: args.status, finishedAt: new Date() },
  });
}
