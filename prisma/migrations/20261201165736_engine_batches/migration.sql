-- batchEvents in the embedded engine: a run of a batched function is queued with its batch key;
-- the claim that starts it takes the key's other queued runs into it (status 'batched', pointing
-- at the run that carries them) and stores the batch's events on that run, in the same
-- transaction, so a restart re-runs the same batch.
ALTER TABLE "engine_runs" ADD COLUMN "batch_key" TEXT;
ALTER TABLE "engine_runs" ADD COLUMN "events" JSONB;
ALTER TABLE "engine_runs" ADD COLUMN "batch_run_id" TEXT;
CREATE INDEX "engine_runs_function_id_batch_key_status_idx" ON "engine_runs"("function_id", "batch_key", "status");
