"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { markNotificationsReadAction } from "@/lib/actions/alerts/mark-notifications-read.ts";
import type { NotificationFeed } from "@/lib/alerts/notifications.ts";
import { Button } from "@/components/ui/button.tsx";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover.tsx";
import { fetchJson } from "@/components/webhooks/fetch-json.ts";
import { NotificationList } from "./notification-list.tsx";

export const NOTIFICATIONS_KEY = ["notifications"] as const;

/** The app shell's bell: unread count, the newest alerts, mark as read. Polls every 30 s. */
export function NotificationBell() {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const { data, isError } = useQuery({
    queryKey: NOTIFICATIONS_KEY,
    queryFn: () => fetchJson<NotificationFeed>("/api/notifications"),
    refetchInterval: 30_000,
  });
  const unread = data?.unread ?? 0;

  async function markRead(ids?: string[]) {
    const result = await markNotificationsReadAction(ids ? { ids } : {});
    if (!result.ok) toast.error(result.error);
    await queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
  }

  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <Button variant="ghost" size="icon" className="relative" data-testid="notification-bell">
          <Bell aria-hidden />
          <span className="sr-only">{unread ? `Notifications, ${unread} unread` : "Notifications"}</span>
          {unread > 0 ? (
            <span
              aria-hidden
              data-testid="unread-count"
              className="absolute -top-0.5 -right-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-destructive px-1 text-[10px] leading-none font-semibold text-white dark:bg-destructive/60"
            >
              {unread > 99 ? "99+" : unread}
            </span>
          ) : null}
        </Button>
      </PopoverTrigger>
      <PopoverContent align="end" className="w-96 p-0" aria-label="Notifications">
        <div className="flex items-center justify-between gap-2 border-b px-4 py-2">
          <h2 className="text-sm font-semibold">Notifications</h2>
          <Button variant="ghost" size="sm" disabled={unread === 0} onClick={() => markRead()}>
            Mark all as read
          </Button>
        </div>
        {isError ? (
          <p className="px-4 py-6 text-sm text-muted-foreground">Notifications could not be loaded. Try again.</p>
        ) : (
          <NotificationList
            items={data?.items ?? []}
            loading={!data}
            onMarkRead={(id) => markRead([id])}
            onOpen={(id, read) => {
              setOpen(false);
              if (!read) void markRead([id]);
            }}
          />
        )}
        <div className="border-t px-4 py-2 text-sm">
          <Link
            href="/settings/notifications"
            onClick={() => setOpen(false)}
            className="underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring"
          >
            Notification settings
          </Link>
        </div>
      </PopoverContent>
    </Popover>
  );
}
