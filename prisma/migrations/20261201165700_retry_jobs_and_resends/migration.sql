-- Retry Failed runs as a background job with progress and a cancel switch (issue 17, item 2).
CREATE TYPE "RetryJobStatus" AS ENUM ('running', 'cancelled', 'completed', 'failed');

CREATE TABLE "retry_jobs" (
    "id" TEXT NOT NULL,
    "agency_id" TEXT NOT NULL,
    "webhook_id" TEXT,
    "event_types" TEXT[],
    "statuses" TEXT[],
    "from_at" TIMESTAMPTZ(3) NOT NULL,
    "to_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "RetryJobStatus" NOT NULL DEFAULT 'running',
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "retry_jobs_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "retry_jobs_agency_id_created_at_idx" ON "retry_jobs"("agency_id", "created_at");
ALTER TABLE "retry_jobs" ADD CONSTRAINT "retry_jobs_agency_id_fkey" FOREIGN KEY ("agency_id")
    REFERENCES "agencies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Resend: more than one delivery of an event to an endpoint, numbered, linked to the original.
ALTER TABLE "deliveries" ADD COLUMN "resend_seq" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "deliveries" ADD COLUMN "resent_from_id" TEXT;
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_resent_from_id_fkey" FOREIGN KEY ("resent_from_id")
    REFERENCES "deliveries"("id") ON DELETE SET NULL ON UPDATE CASCADE;
DROP INDEX "deliveries_event_id_webhook_id_key";
CREATE UNIQUE INDEX "deliveries_event_id_webhook_id_resend_seq_key" ON "deliveries"("event_id", "webhook_id", "resend_seq");
