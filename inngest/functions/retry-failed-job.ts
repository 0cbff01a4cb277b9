import { z } from "zod";
import { inngest } from "@/lib/inngest/client.ts";
import { retryJobStarted } from "@/lib/inngest/events.ts";
import { finishRetryJob } from "@/lib/webhooks/recovery/retry-job.ts";
import { runRetryJobChunk, type RetryCursor } from "@/lib/webhooks/recovery/retry-job-chunk.ts";
import { prismaOf, type FunctionDeps } from "./function-options.ts";

// Inngest allows 1,000 steps a run: a job larger than this many chunks goes on in a new run.
const CHUNKS_PER_RUN = 900;

const FailedRun = z.object({ data: z.object({ event: z.object({ data: z.object({ jobId: z.string() }) }) }) });

/**
 * Retry Failed as a background job: one step per chunk of deliveries (500 by default), each
 * step writing the job's progress as it goes and stopping when the job is cancelled. No cap:
 * past CHUNKS_PER_RUN the job continues in a fresh run from where this one stopped.
 */
export function createRetryFailedJob(deps: FunctionDeps = {}) {
  return inngest.createFunction(
    {
      id: "retry-failed-job",
      name: "Retry Failed (background job)",
      triggers: [retryJobStarted],
      retries: 3,
      // A few jobs per agency at once, so one agency's recovery cannot take every slot.
      concurrency: [{ key: "event.data.agencyId", limit: 2 }],
      onFailure: async ({ event }: { event: unknown }) => {
        const parsed = FailedRun.safeParse(event);
        if (parsed.success)
          await finishRetryJob(await prismaOf(deps), { jobId: parsed.data.data.event.data.jobId, status: "failed" });
      },
    },
    async ({ event, step }) => {
      const { jobId, agencyId } = event.data;
      let after: RetryCursor = event.data.after ?? null;
      for (let k = 1; k <= CHUNKS_PER_RUN; k++) {
        const chunk = await step.run(`chunk-${k}`, async () =>
          runRetryJobChunk(await prismaOf(deps), {
            ...deps.delivery,
            agencyId,
            jobId,
            after,
            chunkSize: deps.retryChunkSize,
          }),
        );
        after = chunk.after;
        if (chunk.done) {
          await step.run("finish", async () => finishRetryJob(await prismaOf(deps), { jobId, status: "completed" }));
          return { jobId, chunks: k };
        }
      }
      const part = (event.data.part ?? 0) + 1;
      await step.sendEvent(
        "continue",
        retryJobStarted.create({ jobId, agencyId, after, part }, { id: `${jobId}-${part}` }),
      );
      return { jobId, chunks: CHUNKS_PER_RUN, continued: true };
    },
  );
}

export const retryFailedJob = createRetryFailedJob();
