import { LocalDuration } from "@/components/app/local-format.tsx";
import { TableCell } from "@/components/ui/table.tsx";
import type { DeliveryRow } from "@/lib/webhooks/logs/log-query.ts";
import { DeliveryStatusBadge, ResentBadge, TestBadge } from "./status-badges.tsx";
import { TimeAgo } from "./time-ago.tsx";

/** The headings of DeliveryCells, in order (a table may put its own columns around them). */
export const DELIVERY_COLUMNS = ["Event", "Event ID", "Status", "Attempts", "Last code", "Duration", "Time"];

/** One delivery's cells, the same in an endpoint's log and in the agency's Deliveries page. */
export function DeliveryCells({ d }: { d: DeliveryRow }) {
  return (
    <>
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
    </>
  );
}
