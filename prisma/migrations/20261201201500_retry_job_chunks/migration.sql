-- Retry Failed's chunks: the deliveries each step took (fixed at its first run) and its own
-- counts, so a step that runs again replaces its counts instead of adding them a second time.
CREATE TABLE "retry_job_chunks" (
    "job_id" TEXT NOT NULL,
    "chunk" TEXT NOT NULL,
    "delivery_ids" TEXT[],
    "end_at" TIMESTAMPTZ(3) NOT NULL,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "retry_job_chunks_pkey" PRIMARY KEY ("job_id", "chunk")
);
ALTER TABLE "retry_job_chunks" ADD CONSTRAINT "retry_job_chunks_job_id_fkey" FOREIGN KEY ("job_id")
    REFERENCES "retry_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
