import { Prisma, type EndpointAlertKind, type PrismaClient } from "@/lib/db/generated/client.ts";
import { config } from "@/lib/config/index.ts";
import { newId } from "@/lib/ids.ts";
import { inngest } from "@/lib/inngest/client.ts";
import { alertRecorded } from "@/lib/inngest/events.ts";

/** What went wrong last, as the log records it (our own classified message, never a raw one). */
export type AlertError = { errorClass: string | null; statusCode: number | null; errorMessage: string | null };

export type Announcement = {
  agencyId: string;
  webhookId: string;
  kind: EndpointAlertKind;
  /** The endpoint's state for this change to apply: a compare-and-set, so of callers racing one wins. */
  when: Prisma.Sql;
  /** Other columns changed by the same statement (automatic disabling sets the status and reason). */
  alsoSet?: Prisma.Sql;
  /** The attempt that caused the change; unset: the endpoint's last failed attempt in the log. */
  error?: AlertError;
  autoDisableAfterMs?: number;
};

/**
 * Moves an endpoint to a new announced state and, in the same statement, records the alert
 * and one notification per owner and admin with where their email stands (the outbox: nothing
 * is lost if the engine or the mail server is down). Returns the alert's ID, or null when the
 * endpoint was not in the state `when` asks for (another caller announced it first).
 */
export async function announceAlert(prisma: PrismaClient, a: Announcement): Promise<string | null> {
  const alertId = newId("alr");
  const afterMs = a.autoDisableAfterMs ?? config().autoDisableAfterMs;
  const newState = a.kind === "recovered" ? Prisma.sql`NULL` : Prisma.sql`${a.kind}::"EndpointAlertKind"`;
  const smtp = Boolean(config().smtpUrl);
  const lastError = a.error
    ? Prisma.sql`SELECT ${a.error.errorClass}::text AS error_class, ${a.error.statusCode}::int AS response_status,
                        ${a.error.errorMessage}::text AS error_message`
    : Prisma.sql`SELECT error_class, response_status, error_message FROM delivery_attempts
                  WHERE webhook_id = ${a.webhookId} AND trigger <> 'test' AND error_class IS NOT NULL
                  ORDER BY created_at DESC LIMIT 1`;
  const [row] = await prisma.$queryRaw<{ alerts: number; emails: number }[]>(Prisma.sql`
    WITH w AS (
      UPDATE webhooks SET alert_state = ${newState}, updated_at = now() ${a.alsoSet ?? Prisma.empty}
       WHERE id = ${a.webhookId} AND agency_id = ${a.agencyId} AND (${a.when})
      RETURNING id, agency_id, name, url, failing_since, disabled_reason),
    last AS (${lastError}),
    a AS (
      INSERT INTO endpoint_alerts (id, agency_id, webhook_id, kind, webhook_name, webhook_url, error_class, status_code,
                                   error_message, failing_since, disable_at, reason)
      SELECT ${alertId}, w.agency_id, w.id, ${a.kind}::"EndpointAlertKind", w.name, w.url,
             l.error_class, l.response_status, l.error_message, w.failing_since,
             CASE WHEN ${a.kind}::text IN ('failing', 'disabling_soon')
                  THEN w.failing_since + ${afterMs} * interval '1 millisecond' END,
             w.disabled_reason
        FROM w LEFT JOIN last l ON true
      RETURNING id, agency_id),
    n AS (
      INSERT INTO notifications (id, alert_id, user_id, agency_id, email_status)
      SELECT 'ntf_' || md5(a.id || m.user_id), a.id, m.user_id, a.agency_id,
             (CASE WHEN NOT ${smtp}::boolean OR p.alert_emails = 'off' THEN 'none'
                   WHEN p.alert_emails = 'daily' THEN 'digest' ELSE 'pending' END)::"AlertEmailStatus"
        FROM a JOIN memberships m ON m.agency_id = a.agency_id AND m.role IN ('owner', 'admin')
        LEFT JOIN user_preferences p ON p.user_id = m.user_id
      RETURNING email_status)
    SELECT (SELECT count(*) FROM a)::int AS alerts,
           (SELECT count(*) FROM n WHERE email_status = 'pending')::int AS emails`);
  if (!row || row.alerts === 0) return null;
  if (row.emails > 0) await requestAlertEmails({ alertId, agencyId: a.agencyId });
  return alertId;
}

/**
 * Hands the alert's emails to the send-alert-emails function. A lost send (engine down) is not
 * lost mail: the rows stay pending and the hourly sweep asks again.
 */
export async function requestAlertEmails(data: { alertId: string; agencyId: string }, eventId = data.alertId) {
  try {
    await inngest.send(alertRecorded.create(data, { id: eventId }));
  } catch (err) {
    console.error("[alerts] could not start sending alert emails:", err instanceof Error ? err.message : "unknown");
  }
}
