"use client";

import { useDeferredValue, useMemo, useState } from "react";
import { Download } from "lucide-react";
import { Button } from "@/components/ui/button.tsx";
import { CursorPager, useCursorPages } from "@/components/ui/cursor-pager.tsx";
import { DataTable } from "@/components/ui/data-table.tsx";
import { TableCell, TableRow } from "@/components/ui/table.tsx";
import { RETRY_RANGES } from "@/lib/webhooks/retry-ranges.ts";
import { AgencyDeliveriesFilters, type AgencyFilters } from "./agency-deliveries-filters.tsx";
import { DELIVERY_COLUMNS, DeliveryCells } from "./delivery-cells.tsx";
import { DeliverySheet } from "./delivery-sheet.tsx";
import { LoadingDeliveries, LogSection, NoDeliveries } from "./log-section.tsx";
import { ApiError } from "./fetch-json.ts";
import { RetryFailedDialog } from "./retry-failed-dialog.tsx";
import { agencyLogParams, useAgencyDeliveries } from "./use-agency-deliveries.ts";
import { useRetryDelivery } from "./use-retry-delivery.ts";

/** Every endpoint's deliveries in one log: filters, search, keyset pages, CSV of the filtered view. */
export function AgencyDeliveries({ webhooks }: { webhooks: { id: string; name: string }[] }) {
  const [filters, setFilters] = useState<AgencyFilters>({ statusCode: "", eventId: "", q: "" });
  // The time range's start is fixed when it is chosen, so the query (and its cache key) holds still.
  const [from, setFrom] = useState<string | undefined>();
  const pages = useCursorPages();
  const [open, setOpen] = useState<{ webhookId: string; deliveryId: string } | null>(null);
  const eventId = useDeferredValue(filters.eventId.trim());
  const q = useDeferredValue(filters.q.trim());
  const query = useMemo(
    () => ({
      webhookId: filters.webhookId,
      eventType: filters.eventType,
      status: filters.status,
      statusCode: filters.statusCode.length === 3 ? Number(filters.statusCode) : undefined,
      from,
      eventId: eventId || undefined,
      q: q.length >= 3 ? q : undefined,
    }),
    [filters.webhookId, filters.eventType, filters.status, filters.statusCode, from, eventId, q],
  );
  const { data, error, isPending } = useAgencyDeliveries({ ...query, cursor: pages.cursor });
  const { retry, busy } = useRetryDelivery(open?.webhookId ?? "");
  const filtered = Object.values(query).some((v) => v !== undefined);

  const change = (next: AgencyFilters) => {
    if (next.range !== filters.range)
      setFrom(next.range ? new Date(Date.now() - RETRY_RANGES[next.range].ms).toISOString() : undefined);
    setFilters(next);
    pages.reset();
  };

  return (
    <LogSection
      headingId="all-deliveries-heading"
      title="All deliveries"
      actions={
        <>
          <Button asChild variant="outline" size="sm">
            <a href={`/api/webhooks/deliveries/export?${agencyLogParams(query)}`} download data-testid="csv-export">
              <Download aria-hidden /> Export CSV
            </a>
          </Button>
          <RetryFailedDialog />
        </>
      }
    >
      <AgencyDeliveriesFilters value={filters} onChange={change} webhooks={webhooks} />
      {error ? (
        <p className="rounded-md border border-destructive/40 bg-destructive/5 p-4 text-sm" data-testid="log-error">
          {error instanceof ApiError ? error.message : "The deliveries could not be loaded."}
        </p>
      ) : isPending ? (
        <LoadingDeliveries />
      ) : data.items.length === 0 ? (
        <NoDeliveries
          filtered={filtered || pages.page > 1}
          hint="Deliveries appear here when a subscribed event happens."
        />
      ) : (
        <DataTable columns={["Webhook", ...DELIVERY_COLUMNS]} actions>
          {data.items.map((d) => (
            <TableRow key={d.id} data-testid="delivery-row" data-delivery-id={d.id} data-event-id={d.eventId}>
              <TableCell className="max-w-[10rem] truncate" title={d.webhookName}>
                {d.webhookName}
              </TableCell>
              <DeliveryCells d={d} />
              <TableCell>
                <Button size="sm" variant="ghost" onClick={() => setOpen({ webhookId: d.webhookId, deliveryId: d.id })}>
                  Details
                  <span className="sr-only">
                    {" "}
                    for {d.eventType} {d.eventId} to {d.webhookName}
                  </span>
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}
      <CursorPager label="Delivery pages" pages={pages} nextCursor={data?.nextCursor} />
      <DeliverySheet
        webhookId={open?.webhookId ?? ""}
        deliveryId={open?.deliveryId ?? null}
        onClose={() => setOpen(null)}
        onRetry={retry}
        busyId={busy}
      />
    </LogSection>
  );
}
