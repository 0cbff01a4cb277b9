import { Prisma, type PrismaClient, type RetryJob } from "@/lib/db/generated/client.ts";
import type { DeliveryOptions } from "../attempt-types.ts";
import { countInto, retryEach } from "../retry-deliveries.ts";
import type { RetryStatus } from "../retry-ranges.ts";
import { retryWhere } from "./retry-selection.ts";

/** Deliveries per step of the job: small enough that a step ends in minutes, large enough to be few steps. */
export const RETRY_JOB_CHUNK = 500;
// Progress is written (and the cancel switch read) every this many attempts, so the screen's
// n of m moves within a chunk and a cancel stops the job within a few seconds.
const FLUSH_EVERY = 25;

/** Where a chunk ended: the last delivery it took (keyset order: created_at, id). Plain JSON for a step. */
export type RetryCursor = { createdAt: string; id: string } | null;
export type ChunkResult = { done: boolean; after: RetryCursor; attempted: number };
type Counts = { processed: number; succeeded: number; failed: number; skipped: number };

/**
 * One step of the job: the next `chunkSize` matching deliveries after `after`, each given a
 * manual attempt unless its last attempt no longer failed when it is reached (skipped). Stops
 * early when the job was cancelled.
 *
 * A step can run again (Inngest retries it after an error mid-chunk, or another process takes
 * the run over). Its deliveries are fixed at its first run (the chunk's row, keyed by where it
 * starts); those an earlier run already attempted are counted from their attempts instead of
 * being sent again, and the chunk's counts replace what the earlier run wrote, so the job's
 * n of m is the same however often a step runs.
 */
export async function runRetryJobChunk(
  prisma: PrismaClient,
  args: DeliveryOptions & { agencyId: string; jobId: string; after: RetryCursor; chunkSize?: number },
): Promise<ChunkResult> {
  const job = await prisma.retryJob.findFirst({ where: { id: args.jobId, agencyId: args.agencyId } });
  if (!job || job.status !== "running") return { done: true, after: args.after, attempted: 0 };
  const chunkSize = args.chunkSize ?? RETRY_JOB_CHUNK;
  const key = { jobId: job.id, chunk: args.after?.id ?? "" };
  const earlier = await prisma.retryJobChunk.findUnique({ where: { jobId_chunk: key } });
  const chunk = earlier ?? (await takeChunk(prisma, { job, key, after: args.after, chunkSize }));
  if (!chunk) return { done: true, after: args.after, attempted: 0 };

  const counts: Counts = { processed: 0, succeeded: 0, failed: 0, skipped: 0 };
  const before = earlier ? await attemptedSince(prisma, { ids: chunk.deliveryIds, since: job.createdAt }) : new Map();
  const toSend = chunk.deliveryIds.filter((id) => !before.has(id));
  for (const ok of before.values()) {
    counts.processed++;
    counts[ok ? "succeeded" : "failed"]++;
  }
  let cancelled = false;
  let sinceFlush = 0;
  let attempted = 0;
  const flush = async () => {
    sinceFlush = 0;
    if ((await writeChunkCounts(prisma, { ...key, counts })) !== "running") cancelled = true;
  };
  const { chunkSize: _chunk, after: _after, jobId: _job, ...options } = args;
  await retryEach(
    prisma,
    { ...options, agencyId: job.agencyId, ids: toSend, stop: () => cancelled },
    async (result) => {
      counts.processed++;
      if (result.kind === "attempted") attempted++;
      countInto(counts, result);
      if (++sinceFlush >= FLUSH_EVERY) await flush();
    },
  );
  await flush();
  return {
    done: cancelled || chunk.deliveryIds.length < chunkSize,
    after: { createdAt: chunk.endAt.toISOString(), id: chunk.deliveryIds.at(-1)! },
    attempted,
  };
}

/** The chunk's deliveries at its first run, written before any is sent; null when none is left. */
async function takeChunk(
  prisma: PrismaClient,
  args: { job: RetryJob; key: { jobId: string; chunk: string }; after: RetryCursor; chunkSize: number },
) {
  const { job } = args;
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
    take: args.chunkSize,
    select: { id: true, createdAt: true },
  });
  const last = rows.at(-1);
  if (!last) return null;
  // Two runs of the step at once: the first to write the chunk decides what it holds.
  return prisma.retryJobChunk.upsert({
    where: { jobId_chunk: args.key },
    create: { ...args.key, deliveryIds: rows.map((r) => r.id), endAt: last.createdAt },
    update: {},
  });
}

/** Of these deliveries, those with a manual attempt since `since`, and whether the latest one succeeded. */
async function attemptedSince(prisma: PrismaClient, args: { ids: string[]; since: Date }) {
  const rows = await prisma.$queryRaw<{ delivery_id: string; ok: boolean }[]>(Prisma.sql`
    SELECT DISTINCT ON (delivery_id) delivery_id,
           coalesce(response_status BETWEEN 200 AND 299, false) AND error_class IS NULL AS ok
      FROM delivery_attempts
     WHERE delivery_id = ANY (${args.ids}::text[]) AND trigger = 'manual' AND created_at >= ${args.since}
     ORDER BY delivery_id, number DESC`);
  return new Map(rows.map((r) => [r.delivery_id, r.ok]));
}

/**
 * Sets this chunk's counts and adds to the job's only what changed since the chunk's last
 * write, with the job's row locked so two writes (two workers, or two runs of one step) cannot
 * both add. A write that would take the chunk back (one that waited behind a later one) is
 * dropped. Returns the job's status (the cancel switch).
 */
async function writeChunkCounts(
  prisma: PrismaClient,
  args: { jobId: string; chunk: string; counts: Counts },
): Promise<string | undefined> {
  // The workers go on counting while this waits for the lock: write what was counted now.
  const c = { ...args.counts };
  return prisma.$transaction(async (tx) => {
    const [job] = await tx.$queryRaw<{ status: string }[]>(
      Prisma.sql`SELECT status::text AS status FROM retry_jobs WHERE id = ${args.jobId} FOR UPDATE`,
    );
    const key = { jobId_chunk: { jobId: args.jobId, chunk: args.chunk } };
    const before = await tx.retryJobChunk.findUniqueOrThrow({ where: key });
    if (c.processed < before.processed) return job?.status;
    await tx.retryJobChunk.update({ where: key, data: c });
    const d = (k: keyof Counts) => c[k] - before[k];
    await tx.$executeRaw(Prisma.sql`
      UPDATE retry_jobs SET processed = processed + ${d("processed")}, succeeded = succeeded + ${d("succeeded")},
             failed = failed + ${d("failed")}, skipped = skipped + ${d("skipped")},
             total = greatest(total, processed + ${d("processed")}), updated_at = now()
       WHERE id = ${args.jobId}`);
    return job?.status;
  });
}
