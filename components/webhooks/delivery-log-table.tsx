"use client";

import { Button } from "@/components/ui/button.tsx";
import { DataTable } from "@/components/ui/data-table.tsx";
import { TableCell, TableRow } from "@/components/ui/table.tsx";
import type { DeliveryRow } from "@/lib/webhooks/logs/log-query.ts";
import { DELIVERY_COLUMNS, DeliveryCells } from "./delivery-cells.tsx";

type Props = {
  items: DeliveryRow[];
  onOpen: (id: string) => void;
  onRetry?: (id: string) => void;
  busyId: string | null;
};

export function DeliveryLogTable({ items, onOpen, onRetry, busyId }: Props) {
  return (
    <DataTable columns={DELIVERY_COLUMNS} actions>
      {items.map((d) => (
        <TableRow
          key={d.id}
          data-testid="delivery-row"
          data-delivery-id={d.id}
          data-event-id={d.eventId}
          data-status={d.status}
        >
          <DeliveryCells d={d} />
          <TableCell>
            <div className="flex justify-end gap-1">
              <Button size="sm" variant="ghost" onClick={() => onOpen(d.id)}>
                Details
                <span className="sr-only">
                  {" "}
                  for {d.eventType} {d.eventId}
                </span>
              </Button>
              {onRetry && d.status === "failed" && (
                <Button size="sm" variant="outline" disabled={busyId === d.id} onClick={() => onRetry(d.id)}>
                  {busyId === d.id ? "Retrying…" : "Retry"}
                  <span className="sr-only">
                    {" "}
                    {d.eventType} {d.eventId}
                  </span>
                </Button>
              )}
            </div>
          </TableCell>
        </TableRow>
      ))}
    </DataTable>
  );
}
