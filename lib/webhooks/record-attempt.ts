import { Prisma, type DeliveryStatus, type PrismaClient } from "@/lib/db/generated/client.ts";
import { newId } from "@/lib/ids.ts";
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
};

/**
 * The attempt row, the delivery's summary and the endpoint's failure streak change
 * together in one statement (atomic by itself), so the log and the list never disagree.
 * One round trip per attempt: this runs for every delivery, and each Prisma call costs
 * more CPU than the HTTP request it records (docs/performance.md).
 *
 * The streak: a success ends it, the first failure after a success starts it; the row is
 * written only when the streak changes, so a healthy endpoint's row is not rewritten (and
 * locked) by every one of its deliveries. Returns when the current streak began.
 */
export async function recordAttempt(prisma: PrismaClient, input: RecordAttemptInput): Promise<{ attemptId: string; failingSince: Date | null }> {
  const now = input.now ?? new Date();
  const { result } = input;
  const attemptId = newId("att");
  const done = input.deliveryStatus === "succeeded" || input.deliveryStatus === "failed";
  const json = (value: unknown) => (value == null ? null : JSON.stringify(value));
  const rows = await prisma.$queryRaw<{ failing_since: Date | null }[]>(Prisma.sql`
    WITH attempt AS (
      INSERT INTO delivery_attempts (id, delivery_id, webhook_id, number, trigger, request_url, request_headers, request_body,
                                     response_status, response_headers, response_body, duration_ms, error_class, error_message, created_at)
      SELECT ${attemptId}, d.id, ${input.webhookId}, ${input.number}, ${input.trigger}, ${input.request.url},
             ${json(input.request.headers)}::jsonb, ${input.request.body}, ${result.statusCode}::int, ${json(result.responseHeaders)}::jsonb,
             ${result.responseBody}, ${result.durationMs}::int, ${result.errorClass}, ${result.errorMessage}, ${now}::timestamptz
        FROM deliveries d WHERE d.id = ${input.deliveryId} AND d.agency_id = ${input.agencyId}),
    delivery AS (
      UPDATE deliveries SET status = ${input.deliveryStatus}::"DeliveryStatus", next_attempt_at = ${input.nextAttemptAt}::timestamptz,
             last_status_code = ${result.statusCode}::int, last_error_class = ${result.errorClass}, last_duration_ms = ${result.durationMs}::int,
             completed_at = ${done ? now : null}::timestamptz, updated_at = now()
       WHERE id = ${input.deliveryId} AND agency_id = ${input.agencyId}),
    streak AS (
      UPDATE webhooks SET failing_since = ${result.ok ? null : now}::timestamptz, updated_at = now()
       WHERE id = ${input.webhookId} AND agency_id = ${input.agencyId} AND ${input.affectsHealth}
         AND (CASE WHEN ${result.ok} THEN failing_since IS NOT NULL ELSE failing_since IS NULL END)
       RETURNING failing_since)
    -- The statement sees the row as it was before: a streak started here comes from RETURNING.
    SELECT coalesce((SELECT failing_since FROM streak),
                    (SELECT failing_since FROM webhooks WHERE id = ${input.webhookId} AND agency_id = ${input.agencyId})) AS failing_since`);
  const failingSince = result.ok && input.affectsHealth ? null : (rows[0]?.failing_since ?? null);
  return { attemptId, failingSince };
}
