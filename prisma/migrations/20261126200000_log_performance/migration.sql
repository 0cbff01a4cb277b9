-- The delivery log at a million rows (docs/performance.md, "The log at a million rows").

-- The endpoint's stats read only these columns: an index-only scan instead of a heap fetch
-- per attempt. Its leading (webhook_id, created_at) serves everything the old index did.
-- DropIndex
DROP INDEX "delivery_attempts_webhook_id_created_at_idx";

-- CreateIndex
CREATE INDEX "delivery_attempts_webhook_id_created_at_response_status_dur_idx" ON "delivery_attempts"("webhook_id", "created_at", "response_status", "duration_ms", "trigger");

-- CreateTable
CREATE TABLE "webhook_stats_hourly" (
    "webhook_id" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL,
    "succeeded" INTEGER NOT NULL,

    CONSTRAINT "webhook_stats_hourly_pkey" PRIMARY KEY ("webhook_id","hour")
);

-- AddForeignKey
ALTER TABLE "webhook_stats_hourly" ADD CONSTRAINT "webhook_stats_hourly_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The roll-up is kept by the database, not by app code, so every way an attempt is written
-- (recordAttempt's batched statement, scripts, a bulk load) counts, with no extra round trip.
-- Same rules as the raw query it replaces: test sends are left out; only a 2xx succeeded.
-- Hours are UTC whatever the session's TimeZone, so every writer buckets alike.
-- Rows are upserted in key order so two concurrent multi-row inserts cannot deadlock.
CREATE FUNCTION "webhook_stats_hourly_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "webhook_stats_hourly" AS s ("webhook_id", "hour", "attempts", "succeeded")
  SELECT "webhook_id", date_trunc('hour', "created_at", 'UTC'), count(*),
         count(*) FILTER (WHERE "response_status" BETWEEN 200 AND 299)
    FROM new_attempts
   WHERE "trigger" <> 'test'
   GROUP BY 1, 2
   ORDER BY 1, 2
  ON CONFLICT ("webhook_id", "hour") DO UPDATE
     SET "attempts" = s."attempts" + EXCLUDED."attempts",
         "succeeded" = s."succeeded" + EXCLUDED."succeeded";
  RETURN NULL;
END
$$;

-- Once per statement, over all the rows it inserted: a bulk load costs one GROUP BY, not a
-- trigger call per row. Attempts are never updated; deletes are handled by the retention job.
CREATE TRIGGER "delivery_attempts_stats_hourly"
  AFTER INSERT ON "delivery_attempts"
  REFERENCING NEW TABLE AS new_attempts
  FOR EACH STATEMENT EXECUTE FUNCTION "webhook_stats_hourly_add"();

-- Attempts logged before this migration. The locks taken above hold every insert until this
-- transaction commits, so no attempt is counted twice or missed. An attempt whose endpoint is
-- gone (none should exist) is skipped rather than failing the start-up on the foreign key.
INSERT INTO "webhook_stats_hourly" ("webhook_id", "hour", "attempts", "succeeded")
SELECT a."webhook_id", date_trunc('hour', a."created_at", 'UTC'), count(*),
       count(*) FILTER (WHERE a."response_status" BETWEEN 200 AND 299)
  FROM "delivery_attempts" a
 WHERE a."trigger" <> 'test' AND EXISTS (SELECT 1 FROM "webhooks" w WHERE w."id" = a."webhook_id")
 GROUP BY 1, 2;

-- The endpoint stats are index-only scans, which read the heap for pages the visibility map
-- does not yet mark all-visible. An insert-only table is vacuumed by default after growing
-- 20 %; at a million attempts the newest days (the ones the stats read) would stay unmarked.
-- Vacuum after 1 % instead (measured on 1M rows: stats p95 24 ms unvacuumed, 12.5 ms after).
ALTER TABLE "delivery_attempts" SET (autovacuum_vacuum_insert_scale_factor = 0.01);
