"use client";

import { Button } from "@/components/ui/button.tsx";
import { DataTable } from "@/components/ui/data-table.tsx";
import { TableCell, TableRow } from "@/components/ui/table.tsx";
import type { DeliveryRow } from "@/lib/webhooks/logs/log-query.ts";
import { LocalDuration } from "@/components/app/local-format.tsx";
import { DeliveryStatusBadge, ResentBadge, TestBadge } from "./status-badges.tsx";
import { TimeAgo } from "./time-ago.tsx";

type Props = {
  items: DeliveryRow[];
  onOpen: (id: string) => void;
  onRetry?: (id: string) => void;
  busyId: string | null;
};

export function DeliveryLogTable({ items, onOpen, onRetry, busyId }: Props) {
  return (
    <DataTable columns={["Event", "Event ID", "Status", "Attempts", "Last code", "Duration", "Time"]} actions>
      {items.map((d) => (
        <TableRow
          key={d.id}
          data-testid="delivery-row"
          data-delivery-id={d.id}
          data-event-id={d.eventId}
          data-status={d.status}
        >
          <TableCell>
            <span className="font-mono text-[13px]">{d.eventType}</span> {d.isTest && <TestBadge />}{" "}
            {d.resentFromId && <ResentBadge />}
          </TableCell>
          <TableCell className="max-w-[12rem] truncate font-mono text-xs" title={d.eventId}>
            {d.eventId}
          </TableCell>
          <TableCell>
            <DeliveryStatusBadge status={d.status} nextAttemptAt={d.nextAttemptAt} />
          </TableCell>
          <TableCell className="tabular-nums">{d.attemptCount}</TableCell>
          <TableCell className="font-mono text-xs" data-testid="last-code">
            {d.lastStatusCode ?? d.lastErrorClass ?? "—"}
          </TableCell>
          <TableCell className="tabular-nums">
            <LocalDuration ms={d.lastDurationMs} />
          </TableCell>
          <TableCell>
            <TimeAgo iso={d.createdAt} className="text-xs" />
          </TableCell>
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
