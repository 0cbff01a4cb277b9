import { Badge } from "@/components/ui/badge.tsx";
import type { DeliveryStatusName } from "@/lib/webhooks/logs/log-query.ts";
import type { WebhookItem } from "@/lib/webhooks/logs/webhook-list.ts";
import { LocalDateTime } from "@/components/app/local-format.tsx";

const WEBHOOK_STATUS = {
  active: { label: "Active", variant: "success" },
  disabled: { label: "Disabled by an admin", variant: "secondary" },
  auto_disabled: { label: "Disabled automatically", variant: "warning" },
} as const;

export function WebhookStatusBadge({ status }: { status: WebhookItem["status"] }) {
  const s = WEBHOOK_STATUS[status];
  return (
    <Badge variant={s.variant} data-testid="webhook-status">
      {s.label}
    </Badge>
  );
}

const DELIVERY_STATUS = {
  pending: { label: "Pending", variant: "outline" },
  succeeded: { label: "Succeeded", variant: "success" },
  failed: { label: "Failed", variant: "destructive" },
  paused: { label: "Paused", variant: "warning" },
} as const;

/**
 * A pending delivery with a next attempt scheduled has failed at least once and waits for its
 * automatic retry: "Retrying · next at …", not "Pending" (which is a first attempt on its way).
 */
export function DeliveryStatusBadge({
  status,
  nextAttemptAt,
}: {
  status: DeliveryStatusName;
  nextAttemptAt?: string | null;
}) {
  if (status === "pending" && nextAttemptAt)
    return (
      <Badge variant="warning" data-testid="delivery-status">
        Retrying · next at <LocalDateTime iso={nextAttemptAt} />
      </Badge>
    );
  const s = DELIVERY_STATUS[status];
  return (
    <Badge variant={s.variant} data-testid="delivery-status">
      {s.label}
    </Badge>
  );
}

export function TestBadge() {
  return <Badge variant="outline">Test</Badge>;
}

/** A delivery made by Resend (a new delivery of an event that was sent before). */
export function ResentBadge() {
  return <Badge variant="outline">Resent</Badge>;
}
