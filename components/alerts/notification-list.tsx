"use client";

import { AlertTriangle, CheckCircle2, PauseCircle, XCircle } from "lucide-react";
import Link from "next/link";
import type { NotificationItem } from "@/lib/alerts/notifications.ts";
import { Button } from "@/components/ui/button.tsx";
import { TimeAgo } from "@/components/webhooks/time-ago.tsx";
import { cn } from "@/lib/utils.ts";

const ICON = { failing: AlertTriangle, disabling_soon: XCircle, disabled: PauseCircle, recovered: CheckCircle2 };
const TONE = {
  failing: "text-warning",
  disabling_soon: "text-destructive",
  disabled: "text-destructive",
  recovered: "text-success",
};

type Props = {
  items: NotificationItem[];
  loading?: boolean;
  onMarkRead(id: string): void;
  onOpen?(id: string, read: boolean): void;
};

/** Alerts newest first; each opens its endpoint's log, unread ones can be marked read. */
export function NotificationList({ items, loading, onMarkRead, onOpen }: Props) {
  if (loading) return <p className="px-4 py-6 text-sm text-muted-foreground">Loading…</p>;
  if (items.length === 0)
    return (
      <p className="px-4 py-6 text-sm text-muted-foreground">
        No notifications. You are told here when a webhook starts failing, a day before it is disabled, when it is
        disabled and when it recovers.
      </p>
    );
  return (
    <ul className="max-h-96 divide-y overflow-y-auto" aria-label="Notifications">
      {items.map((n) => {
        const Icon = ICON[n.kind];
        return (
          <li key={n.id} className={cn("flex gap-3 px-4 py-3", !n.read && "bg-accent/40")} data-testid="notification">
            <Icon className={cn("mt-0.5 size-4 shrink-0", TONE[n.kind])} aria-hidden />
            <div className="grid min-w-0 flex-1 gap-1 text-sm">
              <Link
                href={`/settings/webhooks/${n.webhookId}?tab=logs`}
                onClick={() => onOpen?.(n.id, n.read)}
                className={cn(
                  "break-words underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring",
                  !n.read && "font-medium",
                )}
              >
                {n.read ? null : <span className="sr-only">Unread: </span>}
                {n.title}
              </Link>
              {n.error ? <p className="break-words text-muted-foreground">{n.error}</p> : null}
              <TimeAgo iso={n.createdAt} className="text-xs text-muted-foreground" />
            </div>
            {n.read ? null : (
              <Button variant="ghost" size="sm" className="shrink-0" onClick={() => onMarkRead(n.id)}>
                Mark as read<span className="sr-only">: {n.title}</span>
              </Button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
