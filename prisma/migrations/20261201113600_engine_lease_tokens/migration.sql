-- Fenced leases: each claim of a run gets a fresh token; every write and heartbeat of the
-- run's driver must present it, so a driver that lost its lease can no longer write.
ALTER TABLE "engine_runs" ADD COLUMN "lease_token" TEXT;

-- Event-id dedupe per function, as Inngest does: one run per (function, event id).
ALTER TABLE "engine_runs" ADD COLUMN "event_id" TEXT;
CREATE UNIQUE INDEX "engine_runs_function_id_event_id_key" ON "engine_runs"("function_id", "event_id");
