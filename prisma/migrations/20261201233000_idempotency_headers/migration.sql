-- A replayed answer carries the headers of the first one (a 202's Location: the job's status URL).
ALTER TABLE "api_idempotency_keys" ADD COLUMN "headers" JSONB;
