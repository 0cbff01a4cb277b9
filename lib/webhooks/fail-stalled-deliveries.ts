import { Prisma, type PrismaClient } from "@/lib/db/generated/client.ts";

/**
 * A delivery nothing works on any more stays `pending` forever: its run vanished without
 * failing (cancelled or deleted on Inngest, its event never reached the engine, a fan-out that
 * created the rows and then failed for good), so no `onFailure` ever marks it. After a day
 * with no change, no attempt due and no run of the embedded engine that could still drive it,
 * it is marked failed with the reason, like a failed run's delivery: the log shows it and
 * Retry sends it again. A day, because a retry schedule's waits come due (next_attempt_at) and
 * every attempt touches the row, so a delivery still in its schedule is never this quiet.
 */
export const STALLED_AFTER_MS = 24 * 3_600_000;

const REASON =
  "No delivery run has worked on it for a day (its run vanished: never started, cancelled or deleted). Retry sends it again.";

// Per endpoint through the (webhook_id, status, created_at) index: a probe costs one index
// lookup per webhook, never a scan of the log. A queued or running engine run that names the
// delivery (a delivery run, or a batch run among its events) or its event (a fan-out still to
// send it), or an open batch item that does (an event waiting for its batch: batchEvents'
// events are items until a claim starts their batch), means it is not stalled: the embedded
// engine resuming after days of downtime still delivers what it had queued.
function stalled(cutoff: Date, perWebhook: number) {
  return Prisma.sql`
    SELECT d.id, d.agency_id FROM webhooks w
    CROSS JOIN LATERAL (
      SELECT d.id, d.agency_id, d.event_id FROM deliveries d
       WHERE d.webhook_id = w.id AND d.status = 'pending' AND d.created_at < ${cutoff} AND NOT d.is_test
         AND d.updated_at < ${cutoff} AND (d.next_attempt_at IS NULL OR d.next_attempt_at < ${cutoff})
       LIMIT ${perWebhook}) d
    WHERE NOT EXISTS (
      SELECT 1 FROM engine_runs r
       -- Two equalities, not IN: each is a partial index's predicate (engine_runs_queued_idx,
       -- engine_runs_running_idx), so the probe reads only the runs not finished.
       WHERE (r.status = 'queued' OR r.status = 'running')
         AND (r.event->'data'->>'deliveryId' = d.id
              -- a batch run (batchEvents) names its deliveries in its events
              OR r.events @> jsonb_build_array(jsonb_build_object('data', jsonb_build_object('deliveryId', d.id)))
              OR (r.event->'data'->>'eventId' = d.event_id AND r.event->'data'->>'agencyId' = d.agency_id)))
      AND NOT EXISTS (
      SELECT 1 FROM engine_batch_items i
       WHERE i.batch_run_id IS NULL
         AND (i.event->'data'->>'deliveryId' = d.id
              OR (i.event->'data'->>'eventId' = d.event_id AND i.event->'data'->>'agencyId' = d.agency_id)))`;
}

const cutoffOf = (stalledAfterMs: number) => new Date(Date.now() - stalledAfterMs);

/** Whether any delivery has stalled: cheap enough for a cron that must cost nothing when idle. */
export async function hasStalledDeliveries(prisma: PrismaClient, stalledAfterMs = STALLED_AFTER_MS): Promise<boolean> {
  const rows = await prisma.$queryRaw<unknown[]>(Prisma.sql`${stalled(cutoffOf(stalledAfterMs), 1)} LIMIT 1`);
  return rows.length > 0;
}

/** Marks every stalled delivery failed with the reason; returns how many. */
export async function failStalledDeliveries(
  prisma: PrismaClient,
  opts: { stalledAfterMs?: number; batch?: number } = {},
): Promise<{ failed: number }> {
  const batch = opts.batch ?? 500;
  let failed = 0;
  for (;;) {
    const rows = await prisma.$queryRaw<{ id: string }[]>(Prisma.sql`
      UPDATE deliveries u SET status = 'failed', last_error_class = 'run_failed', failure_reason = ${REASON},
             next_attempt_at = NULL, completed_at = now(), updated_at = now()
        FROM (${stalled(cutoffOf(opts.stalledAfterMs ?? STALLED_AFTER_MS), batch)}) s
       WHERE u.id = s.id AND u.agency_id = s.agency_id AND u.status = 'pending'
      RETURNING u.id`);
    failed += rows.length;
    if (rows.length < batch) return { failed };
  }
}
