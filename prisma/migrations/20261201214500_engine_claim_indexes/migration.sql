-- The engine's claim (lib/engine/claims.ts) without walking the queued runs waiting to join a
-- batch: the open batch members by (function, key, age) for the loose index scan that finds each
-- key's head and for the runs a batch takes, and the due queued runs that are not open batch
-- members. The (function, key, status) index served only the claim, and the planner kept
-- preferring it (then sorting every open run of the key): it goes. Prisma's schema cannot
-- declare a partial index, so the schema test lists them (tests/db/schema-matches-migrations.test.ts,
-- INDEXES_OUTSIDE_PRISMA).
CREATE INDEX "engine_runs_open_batch_idx" ON "engine_runs"("function_id", "batch_key", "created_at", "id")
  WHERE "status" = 'queued' AND "batch_key" IS NOT NULL AND "events" IS NULL;
CREATE INDEX "engine_runs_claimable_idx" ON "engine_runs"("wake_at")
  WHERE "status" = 'queued' AND ("batch_key" IS NULL OR "events" IS NOT NULL);
DROP INDEX "engine_runs_function_id_batch_key_status_idx";
