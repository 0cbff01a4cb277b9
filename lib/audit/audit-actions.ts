/** Every change the webhook screens record, with the words the detail page shows. */
export const AUDIT_ACTIONS = {
  "webhook.created": "created the webhook",
  "webhook.updated": "edited the webhook",
  "webhook.deleted": "deleted the webhook",
  "webhook.enabled": "enabled the webhook",
  "webhook.disabled": "disabled the webhook",
  "webhook.secret_rotated": "rotated the signing secret",
  "webhook.secret_revealed": "revealed the signing secret",
  "webhook.headers_revealed": "revealed the custom header values",
  "webhook.test_sent": "sent a test payload",
  "delivery.retried": "retried a delivery",
  "delivery.retried_failed": "retried failed deliveries",
  "delivery.retry_job_started": "started Retry Failed in the background",
  "delivery.retry_job_cancelled": "cancelled a Retry Failed job",
  "event.resent": "resent an event",
  "api_key.created": "created an API key",
  "api_key.revoked": "revoked an API key",
  "user.password_changed": "changed their password (their other sessions ended)",
  "user.signed_out_everywhere": "signed out everywhere (every session of theirs ended)",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function describeAuditAction(action: string): string {
  return (AUDIT_ACTIONS as Record<string, string>)[action] ?? action;
}
