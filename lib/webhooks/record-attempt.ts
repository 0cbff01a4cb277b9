import { type DeliveryStatus, type EndpointAlertKind, type PrismaClient } from "@/lib/db/generated/client.ts";
import { createClientBatcher } from "@/lib/db/statement-batcher.ts";
import { queryPrepared, statement } from "@/lib/db/prepared-statements.ts";
import { newId } from "@/lib/ids.ts";
import type { RunFence } from "@/lib/engine/held-runs.ts";
import type { SendResult } from "./send-webhook.ts";

export type AttemptTrigger = "auto" | "manual" | "test";

export type RecordAttemptInput = {
  agencyId: string;
  deliveryId: string;
  webhookId: string;
  number: number;
  trigger: AttemptTrigger;
  request: { url: string; headers: Record<string, string>; body: string };
  result: SendResult;
  /** The delivery's state after this attempt, decided by the caller's retry policy. */
  deliveryStatus: DeliveryStatus;
  nextAttemptAt: Date | null;
  /** Test sends say nothing about the endpoint's health. */
  affectsHealth: boolean;
  now?: Date;
  /** An embedded run's step: the attempt is written only while the run is still held under this lease. */
  fence?: RunFence | null;
};

type Row = {
  attempt_id: string;
  delivery_id: string;
  agency_id: string;
  webhook_id: string;
  number: number;
  trigger: AttemptTrigger;
  request_url: string;
  request_headers: Record<string, string>;
  request_body: string;
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
  duration_ms: number;
  error_class: string | null;
  error_message: string | null;
  at: string;
  status: DeliveryStatus;
  next_attempt_at: string | null;
  completed_at: string | null;
  ok: boolean;
  affects_health: boolean;
  /** Order within a statement: the streak follows the attempts in the order they finished. */
  seq: number;
  fence_run: string | null;
  fence_token: string | null;
};

// Two statements in flight, not four: the attempts that wait meanwhile share the next one (5.2
// rows a statement instead of 3.2 at full speed), which costs the database less per delivery
// and no throughput (docs/performance.md).
const recordBatched = createClientBatcher(recordMany, (r: Row) => r.delivery_id, { maxInFlight: 2 });
let seq = 0;

/**
 * The attempt row, the delivery's summary and the endpoint's failure streak change
 * together in one statement (atomic by itself), so the log and the list never disagree.
 * Every delivery runs this, so concurrent attempts share one statement (group commit, see
 * lib/db/statement-batcher.ts), many of one endpoint included (a batched delivery run sends
 * an endpoint's deliveries together): the statement folds each endpoint's outcomes, in the
 * order they finished, into one streak change.
 *
 * The streak: a success ends it, the first failure after a success starts it; the row is
 * written only when the streak changes, so a healthy endpoint's row is not rewritten (and
 * locked) by every one of its deliveries. Returns when the current streak began, and the state
 * last announced to admins as it was before this statement (read from the endpoint's row, which
 * the statement reads anyway): lib/alerts acts only when that differs from the outcome.
 */
export async function recordAttempt(
  prisma: PrismaClient,
  input: RecordAttemptInput,
): Promise<{ attemptId: string; failingSince: Date | null; alertState: EndpointAlertKind | null; fenced: boolean }> {
  const now = input.now ?? new Date();
  const { result } = input;
  const attemptId = newId("att");
  const done = input.deliveryStatus === "succeeded" || input.deliveryStatus === "failed";
  const recorded = await recordBatched(prisma, {
    attempt_id: attemptId,
    delivery_id: input.deliveryId,
    agency_id: input.agencyId,
    webhook_id: input.webhookId,
    number: input.number,
    trigger: input.trigger,
    request_url: input.request.url,
    request_headers: input.request.headers,
    request_body: input.request.body,
    response_status: result.statusCode,
    response_headers: result.responseHeaders,
    response_body: result.responseBody,
    duration_ms: result.durationMs,
    error_class: result.errorClass,
    error_message: result.errorMessage,
    at: now.toISOString(),
    status: input.deliveryStatus,
    next_attempt_at: input.nextAttemptAt?.toISOString() ?? null,
    completed_at: done ? now.toISOString() : null,
    ok: result.ok,
    affects_health: input.affectsHealth,
    seq: seq++,
    fence_run: input.fence?.runId ?? null,
    fence_token: input.fence?.leaseToken ?? null,
  });
  const failingSince = result.ok && input.affectsHealth ? null : recorded.failingSince;
  return { attemptId, failingSince, alertState: recorded.alertState, fenced: recorded.fenced };
}

type Recorded = { failingSince: Date | null; alertState: EndpointAlertKind | null; fenced: boolean };

// Distinct deliveries per batch (the batcher's key), so each deliveries row is updated once.
const RECORD = statement(
  "record-attempts",
  `
    WITH x0 AS (
      SELECT * FROM jsonb_to_recordset($1::jsonb) AS x0(
        attempt_id text, delivery_id text, agency_id text, webhook_id text, number int, trigger text, request_url text,
        request_headers jsonb, request_body text, response_status int, response_headers jsonb, response_body text,
        duration_ms int, error_class text, error_message text, at timestamptz, status text, next_attempt_at timestamptz,
        completed_at timestamptz, ok boolean, affects_health boolean, seq bigint, fence_run text, fence_token text)
       LIMIT $2),
    -- A run's step records only while its run is held under its lease: a process that lost it
    -- (paused past the lease while another one re-sent the attempt) writes nothing.
    x AS (
      SELECT x0.* FROM x0
       WHERE x0.fence_run IS NULL OR EXISTS (
               SELECT 1 FROM engine_runs er
                WHERE er.id = x0.fence_run AND er.lease_token = x0.fence_token AND er.status = 'running')),
    attempt AS (
      INSERT INTO delivery_attempts (id, delivery_id, webhook_id, number, trigger, request_url, request_headers, request_body,
                                     response_status, response_headers, response_body, duration_ms, error_class, error_message, created_at)
      SELECT x.attempt_id, d.id, x.webhook_id, x.number, x.trigger, x.request_url, x.request_headers, x.request_body,
             x.response_status, x.response_headers, x.response_body, x.duration_ms, x.error_class, x.error_message, x.at
        FROM x JOIN deliveries d ON d.id = x.delivery_id AND d.agency_id = x.agency_id),
    delivery AS (
      UPDATE deliveries d SET status = x.status::"DeliveryStatus", next_attempt_at = x.next_attempt_at,
             last_status_code = x.response_status, last_error_class = x.error_class, last_duration_ms = x.duration_ms,
             completed_at = x.completed_at, updated_at = now()
        FROM x WHERE d.id = x.delivery_id AND d.agency_id = x.agency_id
         -- A delivered webhook stays delivered: an automatic attempt recorded late (its process
         -- was paused past its lease while another one re-sent and succeeded) is logged, but it
         -- does not put the delivery back to pending, which would hand it to a retry run.
         AND NOT (x.trigger = 'auto' AND d.status = 'succeeded')),
    -- Per endpoint, in finishing order: did the statement's attempts end on a success, and when
    -- did the failures after its last success begin (its first failure, if none succeeded)?
    health AS (
      SELECT x.webhook_id, x.agency_id, bool_or(x.ok) AS any_ok,
             min(x.at) FILTER (WHERE NOT x.ok AND x.seq > coalesce(l.last_ok, -1)) AS fail_from
        FROM x JOIN (SELECT webhook_id, max(seq) FILTER (WHERE ok) AS last_ok FROM x WHERE affects_health
                      GROUP BY webhook_id) l ON l.webhook_id = x.webhook_id
       WHERE x.affects_health
       GROUP BY x.webhook_id, x.agency_id),
    -- Endpoints whose streak changes are locked in id order first: two batches changing the
    -- same endpoints (an outage hitting several at once) then queue instead of deadlocking.
    -- A streak that goes on keeps the earliest failure as its start: least(), not the first
    -- statement to commit, since two statements in flight may commit in either order (the one
    -- with the later failures first).
    turning AS (
      SELECT w.id, CASE WHEN h.fail_from IS NULL THEN NULL WHEN h.any_ok THEN h.fail_from
                        ELSE least(w.failing_since, h.fail_from) END AS since
        FROM webhooks w JOIN health h ON w.id = h.webhook_id AND w.agency_id = h.agency_id
       WHERE w.failing_since IS DISTINCT FROM (CASE WHEN h.fail_from IS NULL THEN NULL WHEN h.any_ok THEN h.fail_from
                                                    ELSE least(w.failing_since, h.fail_from) END)
       ORDER BY w.id FOR UPDATE OF w),
    streak AS (
      UPDATE webhooks w SET failing_since = t.since, updated_at = now()
        FROM turning t WHERE w.id = t.id
       RETURNING w.id, w.failing_since)
    -- The statement sees rows as they were before it: a streak changed here comes from RETURNING.
    -- One started by a concurrent batch an instant earlier reads as none; the hourly
    -- auto-disable sweep does not depend on this answer.
    SELECT x.attempt_id, CASE WHEN s.id IS NOT NULL THEN s.failing_since ELSE w.failing_since END AS failing_since,
           w.alert_state::text AS alert_state
      FROM x LEFT JOIN streak s ON s.id = x.webhook_id LEFT JOIN webhooks w ON w.id = x.webhook_id AND w.agency_id = x.agency_id`,
);

async function recordMany(prisma: PrismaClient, rows: Row[]): Promise<Recorded[]> {
  const out = await queryPrepared<{
    attempt_id: string;
    failing_since: Date | null;
    alert_state: EndpointAlertKind | null;
  }>(prisma, RECORD, [JSON.stringify(rows), rows.length]);
  const byAttempt = new Map(
    out.map(
      (r) => [r.attempt_id, { failingSince: r.failing_since, alertState: r.alert_state, fenced: false }] as const,
    ),
  );
  // Only fenced attempts are missing from the statement's answer.
  return rows.map(
    (r) => byAttempt.get(r.attempt_id) ?? { failingSince: null, alertState: null, fenced: r.fence_run !== null },
  );
}
