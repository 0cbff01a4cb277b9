import { Prisma, type DeliveryStatus, type PrismaClient, type WebhookStatus } from "@/lib/db/generated/client.ts";
import { jsonColumn } from "@/lib/db/json-column.ts";
import { createClientBatcher } from "@/lib/db/statement-batcher.ts";
import { queryPrepared, statement } from "@/lib/db/prepared-statements.ts";
import type { AttemptTrigger } from "./record-attempt.ts";

/** What one attempt needs to sign and send, read in the statement that reserved its number. */
export type ReservedDelivery = {
  id: string;
  status: DeliveryStatus;
  isTest: boolean;
  nextAttemptAt: Date | null;
  /** The reserved attempt number; null when the delivery is not to be attempted now (see `refusal`). */
  number: number | null;
  /** Why nothing was reserved: delivered already, another attempt in flight, not failed, endpoint paused. */
  refusal: "succeeded" | "in_flight" | "not_failed" | "disabled" | null;
  /**
   * The caller's token had already reserved `number` (its step is running again after a crash)
   * and that attempt is in the log: nothing is to be sent, the delivery's fields are as recorded.
   */
  recorded: boolean;
  /** The step's run is no longer held under the fence's lease token: nothing is reserved. */
  fenced: boolean;
  webhook: {
    id: string;
    url: string;
    status: WebhookStatus;
    secretEnc: string;
    previousSecretEnc: string | null;
    previousSecretUntil: Date | null;
    headers: Prisma.JsonValue;
  };
  event: { id: string; type: string; data: unknown; occurredAt: Date };
};

type Row = {
  id: string;
  status: DeliveryStatus;
  refusal: ReservedDelivery["refusal"];
  is_test: boolean;
  next_attempt_at: Date | null;
  number: number | null;
  recorded: boolean;
  fenced: boolean;
  webhook_id: string;
  url: string;
  webhook_status: WebhookStatus;
  secret_enc: string;
  previous_secret_enc: string | null;
  previous_secret_until: Date | null;
  headers: unknown;
  event_id: string;
  event_type: string;
  event_data: unknown;
  occurred_at: Date;
};

type Request = {
  agencyId: string;
  deliveryId: string;
  trigger: AttemptTrigger;
  /** Names the step reserving (a run's attempt); a retry of that step gets the same number back. */
  token?: string | null;
  /** Retry Failed: attempt only a delivery whose last attempt failed (failed, or waiting to retry). */
  onlyIfFailed?: boolean;
  /**
   * How long an attempt reserved by someone else and not yet in the log counts as in flight
   * (the send timeout plus a margin): another attempt of that delivery waits meanwhile, so a
   * manual retry and the automatic one never both send it. Older reservations died with their
   * process and block nothing.
   */
  inFlightMs: number;
  /**
   * The embedded engine's run and the lease token this process drives it under: the reservation
   * is made only while the run is still held under it (a batch's step that goes on after its run
   * was taken over reserves nothing more: the run's new holder sends the rest).
   */
  fence?: { runId: string; leaseToken: string } | null;
};

// Two statements in flight, not four: the attempts that wait meanwhile share the next one (5.2
// rows a statement instead of 3.2 at full speed), which costs the database less per delivery
// and no throughput (docs/performance.md).
const reserveBatched = createClientBatcher(reserveMany, (r: Request) => r.deliveryId, { maxInFlight: 2 });

/**
 * Loads a delivery with its endpoint and event and, when it is to be attempted, takes the
 * next attempt number atomically (a manual retry may race the automatic one). Every attempt
 * runs this, so it is one statement, and concurrent attempts share it (group commit, see
 * lib/db/statement-batcher.ts): one round trip for many deliveries instead of a
 * three-relation read plus an update each. An automatic attempt of a delivered event, or any
 * non-test attempt on a paused endpoint, reserves nothing (`number` null) and the caller skips.
 *
 * With a token (an automatic attempt's step) the reservation is remembered on the delivery, so
 * the same step running again after a crash gets the same number back: re-sent if it was in
 * flight, or `recorded` if its attempt made it to the log. Any other reservation in between (a
 * manual retry) replaces the token, and the step then takes a new number.
 */
export async function reserveAttempt(prisma: PrismaClient, args: Request): Promise<ReservedDelivery | null> {
  const r = await reserveBatched(prisma, {
    agencyId: args.agencyId,
    deliveryId: args.deliveryId,
    trigger: args.trigger,
    token: args.token ?? null,
    onlyIfFailed: args.onlyIfFailed ?? false,
    inFlightMs: args.inFlightMs,
    fence: args.fence ?? null,
  });
  if (!r) return null;
  return {
    id: r.id,
    status: r.status,
    refusal: r.refusal,
    isTest: r.is_test,
    nextAttemptAt: r.next_attempt_at,
    number: r.number === null ? null : Number(r.number),
    recorded: r.recorded,
    fenced: r.fenced,
    webhook: {
      id: r.webhook_id,
      url: r.url,
      status: r.webhook_status,
      secretEnc: r.secret_enc,
      previousSecretEnc: r.previous_secret_enc,
      previousSecretUntil: r.previous_secret_until,
      headers: jsonColumn(r.headers) as Prisma.JsonValue,
    },
    event: { id: r.event_id, type: r.event_type, data: jsonColumn(r.event_data), occurredAt: r.occurred_at },
  };
}

// Distinct delivery ids per batch (the batcher's key): one row each for the UPDATE.
export const RESERVE = statement(
  "reserve-attempts",
  `
    WITH req AS (
      SELECT req.*, req.fence->>'runId' AS fence_run, req.fence->>'leaseToken' AS fence_token
        FROM (SELECT * FROM jsonb_to_recordset($1::jsonb)
                AS r("deliveryId" text, "agencyId" text, trigger text, token text, "onlyIfFailed" boolean, "inFlightMs" int,
                     fence jsonb) LIMIT $2) req),
    d0 AS (
      SELECT d.id, d.status, d.is_test, d.next_attempt_at, w.id AS webhook_id, w.url, w.status AS webhook_status,
             w.secret_enc, w.previous_secret_enc, w.previous_secret_until, w.headers,
             e.id AS event_id, e.type AS event_type, e.data AS event_data, e.occurred_at, req.token,
             d.attempt_count AS mine_number, coalesce(d.attempt_token = req.token, false) AS mine,
             req.trigger, req."onlyIfFailed", req."inFlightMs", d.attempt_count, d.updated_at,
             req.fence_run IS NOT NULL AND NOT EXISTS (
               SELECT 1 FROM engine_runs er
                WHERE er.id = req.fence_run AND er.lease_token = req.fence_token AND er.status = 'running') AS fenced
        FROM req
        JOIN deliveries d ON d.id = req."deliveryId" AND d.agency_id = req."agencyId"
        JOIN webhooks w ON w.id = d.webhook_id
        -- The event by its key, after its delivery whatever the statistics say (a lateral
        -- subquery that OFFSET 0 keeps from being flattened into a join the planner may
        -- reorder): this runs on a generic plan, and one made while the tables were young
        -- joined every event of the agency to the requests first, then probed deliveries.
        CROSS JOIN LATERAL (SELECT e.* FROM events e WHERE e.agency_id = d.agency_id AND e.id = d.event_id OFFSET 0) e
       -- Locked before anything is decided, in id order (no deadlock between two batches): a
       -- reservation of the same delivery in flight in another statement (a manual retry and
       -- the automatic attempt, or two processes) is waited for, and its outcome is what this
       -- one reads (PostgreSQL reads a row it waited for as committed), so the second finds the
       -- first in flight instead of deciding on the row as it was before and sending too.
       ORDER BY d.id
       FOR NO KEY UPDATE OF d),
    d AS (
      SELECT d0.*, CASE
               WHEN d0.trigger = 'auto' AND d0.status = 'succeeded' THEN 'succeeded'
               WHEN d0.trigger <> 'test' AND d0.webhook_status <> 'active' THEN 'disabled'
               WHEN d0."onlyIfFailed" AND NOT (d0.status = 'failed'
                      OR (d0.status = 'pending' AND d0.next_attempt_at IS NOT NULL)) THEN 'not_failed'
               -- Someone else's reservation whose attempt is not in the log yet: in flight.
               WHEN d0.trigger <> 'test' AND NOT d0.mine AND d0.attempt_count > 0
                    AND d0.updated_at > now() - make_interval(secs => d0."inFlightMs" / 1000.0)
                    AND NOT EXISTS (SELECT 1 FROM delivery_attempts a
                                     WHERE a.delivery_id = d0.id AND a.number = d0.attempt_count) THEN 'in_flight'
             END AS refusal
        FROM d0),
    r AS (
      SELECT d.*, d.refusal IS NULL AS go, d.mine AND EXISTS (
               SELECT 1 FROM delivery_attempts a WHERE a.delivery_id = d.id AND a.number = d.mine_number) AS recorded
        FROM d),
    bump AS (
      UPDATE deliveries u SET attempt_count = u.attempt_count + 1, attempt_token = r.token, updated_at = now()
        FROM r WHERE u.id = r.id AND r.go AND NOT r.mine AND NOT r.fenced
       RETURNING u.id, u.attempt_count)
    SELECT r.id, r.status::text AS status, r.refusal, r.is_test, r.next_attempt_at, r.recorded, r.fenced,
           CASE WHEN r.fenced THEN NULL WHEN r.recorded THEN r.mine_number WHEN NOT r.go THEN NULL WHEN r.mine THEN r.mine_number
                ELSE bump.attempt_count END AS number,
           r.webhook_id, r.url, r.webhook_status::text AS webhook_status, r.secret_enc, r.previous_secret_enc,
           r.previous_secret_until, r.headers, r.event_id, r.event_type, r.event_data, r.occurred_at
      FROM r LEFT JOIN bump ON bump.id = r.id`,
);

async function reserveMany(prisma: PrismaClient, reqs: Request[]): Promise<(Row | undefined)[]> {
  const rows = await queryPrepared<Row>(prisma, RESERVE, [JSON.stringify(reqs), reqs.length]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return reqs.map((r) => byId.get(r.deliveryId));
}
