import { Prisma, type DeliveryStatus, type PrismaClient, type WebhookStatus } from "@/lib/db/generated/client.ts";
import type { AttemptTrigger } from "./record-attempt.ts";

/** What one attempt needs to sign and send, read in the statement that reserved its number. */
export type ReservedDelivery = {
  id: string;
  status: DeliveryStatus;
  isTest: boolean;
  nextAttemptAt: Date | null;
  /** The reserved attempt number; null when the delivery is not to be attempted now. */
  number: number | null;
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
  is_test: boolean;
  next_attempt_at: Date | null;
  number: number | null;
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

/**
 * Loads a delivery with its endpoint and event and, when it is to be attempted, takes the
 * next attempt number atomically (a manual retry may race the automatic one) — one round
 * trip instead of a three-relation read plus an update; the delivery path runs this for
 * every attempt. An automatic attempt of a delivered event, or any non-test attempt on a
 * paused endpoint, reserves nothing (`number` null) and the caller skips.
 */
export async function reserveAttempt(
  prisma: PrismaClient,
  args: { agencyId: string; deliveryId: string; trigger: AttemptTrigger },
): Promise<ReservedDelivery | null> {
  const rows = await prisma.$queryRaw<Row[]>(Prisma.sql`
    WITH d AS (
      SELECT d.id, d.status, d.is_test, d.next_attempt_at, w.id AS webhook_id, w.url, w.status AS webhook_status,
             w.secret_enc, w.previous_secret_enc, w.previous_secret_until, w.headers,
             e.id AS event_id, e.type AS event_type, e.data AS event_data, e.occurred_at
        FROM deliveries d
        JOIN webhooks w ON w.id = d.webhook_id
        JOIN events e ON e.id = d.event_id
       WHERE d.id = ${args.deliveryId} AND d.agency_id = ${args.agencyId}),
    bump AS (
      UPDATE deliveries SET attempt_count = attempt_count + 1, updated_at = now()
       WHERE id = (SELECT id FROM d
                    WHERE NOT (${args.trigger} = 'auto' AND status = 'succeeded')
                      AND (${args.trigger} = 'test' OR webhook_status = 'active'))
       RETURNING attempt_count)
    SELECT d.id, d.status::text AS status, d.is_test, d.next_attempt_at, (SELECT attempt_count FROM bump) AS number,
           d.webhook_id, d.url, d.webhook_status::text AS webhook_status, d.secret_enc, d.previous_secret_enc,
           d.previous_secret_until, d.headers, d.event_id, d.event_type, d.event_data, d.occurred_at
      FROM d`);
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    status: r.status,
    isTest: r.is_test,
    nextAttemptAt: r.next_attempt_at,
    number: r.number === null ? null : Number(r.number),
    webhook: {
      id: r.webhook_id,
      url: r.url,
      status: r.webhook_status,
      secretEnc: r.secret_enc,
      previousSecretEnc: r.previous_secret_enc,
      previousSecretUntil: r.previous_secret_until,
      headers: parsedJson(r.headers) as Prisma.JsonValue,
    },
    event: { id: r.event_id, type: r.event_type, data: parsedJson(r.event_data), occurredAt: r.occurred_at },
  };
}

// Raw queries hand json columns back parsed through the PostgreSQL adapter and as text
// through others; accept both.
function parsedJson(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}
