-- Who reserved the delivery's latest attempt number (a run's step, lib/webhooks/reserve-attempt.ts):
-- a step that runs again after a crash finds its own reservation, skips the attempt if it was
-- recorded and re-sends it with the same number if it was in flight, instead of taking a new one.
-- AlterTable
ALTER TABLE "deliveries" ADD COLUMN "attempt_token" TEXT;
