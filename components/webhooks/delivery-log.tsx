"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { RefreshCw } from "lucide-react";
import { Button } from "@/components/ui/button.tsx";
import { CursorPager, useCursorPages } from "@/components/ui/cursor-pager.tsx";
import { ApiError } from "./fetch-json.ts";
import { DeliveryLogFilters, type LogFilters } from "./delivery-log-filters.tsx";
import { DeliveryLogTable } from "./delivery-log-table.tsx";
import { DeliverySheet } from "./delivery-sheet.tsx";
import { LoadingDeliveries, LogSection, NoDeliveries } from "./log-section.tsx";
import { RetryFailedDialog } from "./retry-failed-dialog.tsx";
import { deliveriesKey, useDeliveries } from "./use-deliveries.ts";
import { useRetryDelivery } from "./use-retry-delivery.ts";

/** View Logs: newest first, filterable, paged by cursor, refreshing itself while deliveries are in flight. */
export function DeliveryLog({ webhookId, canRetry }: { webhookId: string; canRetry: boolean }) {
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<LogFilters>({ eventId: "" });
  const pages = useCursorPages();
  const [openId, setOpenId] = useState<string | null>(null);
  const eventId = useDeferredValue(filters.eventId.trim());
  const { data, error, isPending, isFetching, refetch } = useDeliveries(webhookId, {
    status: filters.status,
    eventType: filters.eventType,
    eventId: eventId || undefined,
    cursor: pages.cursor,
  });
  const { retry, busy } = useRetryDelivery(webhookId);
  const polling = data?.items.some((d) => d.status === "pending") ?? false;

  const changeFilters = (next: LogFilters) => {
    setFilters(next);
    pages.reset();
  };

  return (
    <LogSection
      headingId="log-heading"
      title="Delivery log"
      actions={
        <>
          <Button
            variant="outline"
            size="sm"
            onClick={() => void queryClient.invalidateQueries({ queryKey: deliveriesKey(webhookId) })}
            disabled={isFetching}
          >
            <RefreshCw aria-hidden className={isFetching ? "animate-spin" : undefined} /> Refresh
          </Button>
          {canRetry && <RetryFailedDialog webhookId={webhookId} />}
        </>
      }
    >
      <DeliveryLogFilters value={filters} onChange={changeFilters} />
      <p aria-live="polite" className="text-xs text-muted-foreground" data-testid="log-live-status">
        {polling ? "Deliveries in progress: this log refreshes by itself." : ""}
      </p>
      {error ? (
        <div
          className="grid justify-items-start gap-2 rounded-md border border-destructive/40 bg-destructive/5 p-4 text-sm"
          data-testid="log-error"
        >
          <p>{error instanceof ApiError ? error.message : "The log could not be loaded."}</p>
          <div className="flex gap-2">
            <Button size="sm" variant="outline" onClick={() => void refetch()}>
              Try again
            </Button>
            {pages.page > 1 && (
              <Button size="sm" variant="outline" onClick={pages.reset}>
                Back to the first page
              </Button>
            )}
          </div>
        </div>
      ) : isPending ? (
        <LoadingDeliveries />
      ) : data.items.length === 0 ? (
        <NoDeliveries
          filtered={pages.page > 1 || !!filters.status || !!filters.eventType || !!eventId}
          hint="Deliveries appear here when a subscribed event happens. Use the Test tab to send one now."
        />
      ) : (
        <DeliveryLogTable items={data.items} onOpen={setOpenId} onRetry={canRetry ? retry : undefined} busyId={busy} />
      )}
      <CursorPager label="Log pages" pages={pages} nextCursor={data?.nextCursor} />
      <DeliverySheet
        webhookId={webhookId}
        deliveryId={openId}
        onClose={() => setOpenId(null)}
        onRetry={canRetry ? retry : undefined}
        busyId={busy}
      />
    </LogSection>
  );
}
