-- A delivery whose engine run failed (infrastructure, not the receiver) is marked failed with
-- the reason, so it shows in the log and can be retried instead of staying pending forever.
ALTER TABLE "deliveries" ADD COLUMN "failure_reason" TEXT;
