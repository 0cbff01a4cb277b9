-- batchEvents' events out of engine_runs (lib/engine/claims.ts). An event for a batched function
-- was a queued engine_runs row (heap + 5 index entries) and, once a claim took it into a batch,
-- an update to 'batched' (a non-HOT update: 4 more entries): at full speed the database spent
-- more CPU per delivery than the app. Now it is a row of engine_batch_items (heap + 2 entries),
-- which the claim that starts its batch marks with the batch's run (batch_run_id): one run row
-- per batch, not per event. A taken item stays while its batch's run is kept, so that a
-- resent event id starts nothing (Inngest's dedupe: one run per (function, event id)); it is
-- deleted with that run (lib/engine/store.ts, pruneFinished).
CREATE TABLE "engine_batch_items" (
    "function_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "batch_key" TEXT NOT NULL,
    "event" JSONB NOT NULL,
    "concurrency_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- Arrival order within a millisecond of created_at: a batch's events are in the order sent.
    "seq" BIGSERIAL NOT NULL,
    "batch_run_id" TEXT,

    CONSTRAINT "engine_batch_items_pkey" PRIMARY KEY ("function_id", "event_id")
);

-- The open items by (function, key, age): the claim's loose index scan for each key's oldest
-- item, and the items a batch takes after it. Taken items leave it. Prisma's schema cannot
-- declare a partial index: tests/db/schema-matches-migrations.test.ts lists it (INDEXES_OUTSIDE_PRISMA).
CREATE INDEX "engine_batch_items_open_idx" ON "engine_batch_items"("function_id", "batch_key", "created_at", "seq")
  WHERE "batch_run_id" IS NULL;

-- What was queued the old way moves over: open batch members become open items (in their
-- order), runs taken into a batch become taken items of the run that carries them (that run
-- keeps its own event_id).
INSERT INTO "engine_batch_items" ("function_id", "event_id", "batch_key", "event", "concurrency_key", "created_at", "batch_run_id")
SELECT "function_id", "event_id", "batch_key", "event", "concurrency_key", "created_at",
       CASE WHEN "status" = 'batched' THEN "batch_run_id" END
  FROM "engine_runs"
 WHERE "event_id" IS NOT NULL AND "batch_key" IS NOT NULL
   AND ("status" = 'batched' OR ("status" = 'queued' AND "events" IS NULL))
 ORDER BY "created_at", "id"
ON CONFLICT DO NOTHING;
DELETE FROM "engine_runs"
 WHERE "event_id" IS NOT NULL AND "batch_key" IS NOT NULL
   AND ("status" = 'batched' OR ("status" = 'queued' AND "events" IS NULL));
ALTER TABLE "engine_runs" DROP COLUMN "batch_run_id";

-- With no open batch members left in engine_runs, the claim and nextWakeAt look for queued runs
-- by wake time and for running runs (busy slots, expired leases): partial indexes hold only
-- those, so a finished run (the most rows) has no entry in them, and a run's writes touch fewer
-- index entries. Not on locked_until: heartbeats and step saves update it, and an index on it
-- would make those updates non-HOT.
DROP INDEX "engine_runs_open_batch_idx";
DROP INDEX "engine_runs_claimable_idx";
DROP INDEX "engine_runs_status_wake_at_idx";
DROP INDEX "engine_runs_concurrency_key_status_idx";
CREATE INDEX "engine_runs_queued_idx" ON "engine_runs"("wake_at") WHERE "status" = 'queued';
CREATE INDEX "engine_runs_running_idx" ON "engine_runs"("concurrency_key") WHERE "status" = 'running';
