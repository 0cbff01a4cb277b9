"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { markNotificationsReadAction } from "@/lib/actions/alerts/mark-notifications-read.ts";
import type { NotificationFeed } from "@/lib/alerts/notifications.ts";
import { Button } from "@/components/ui/button.tsx";
import { fetchJson } from "@/components/webhooks/fetch-json.ts";
import { NOTIFICATIONS_KEY } from "./notification-bell.tsx";
import { NotificationList } from "./notification-list.tsx";

/** The same feed as the bell, on the settings page (shares its cache, so both agree). */
export function NotificationsPanel({ initial }: { initial: NotificationFeed }) {
  const queryClient = useQueryClient();
  const { data } = useQuery({
    queryKey: NOTIFICATIONS_KEY,
    queryFn: () => fetchJson<NotificationFeed>("/api/notifications"),
    initialData: initial,
    refetchInterval: 30_000,
  });
  async function markRead(ids?: string[]) {
    const result = await markNotificationsReadAction(ids ? { ids } : {});
    if (!result.ok) toast.error(result.error);
    await queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
  }
  return (
    <div className="grid gap-2">
      <div className="flex justify-end">
        <Button variant="outline" size="sm" disabled={data.unread === 0} onClick={() => markRead()}>
          Mark all as read
        </Button>
      </div>
      <div className="rounded-md border">
        <NotificationList items={data.items} onMarkRead={(id) => markRead([id])} />
      </div>
    </div>
  );
}
