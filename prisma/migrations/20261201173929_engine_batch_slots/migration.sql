-- A running batch run holds min(its events, the key's limit) of its concurrency key's slots, as
-- it sends that many at once: an endpoint's limit holds across processes with batches too.
ALTER TABLE "engine_runs" ADD COLUMN "slots" INTEGER NOT NULL DEFAULT 1;
