import Link from "next/link";
import { DataTable } from "@/components/ui/data-table.tsx";
import { TableCell, TableRow } from "@/components/ui/table.tsx";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip.tsx";
import type { WebhookListItem } from "@/lib/webhooks/logs/webhook-list.ts";
import { LocalPercent } from "@/components/app/local-format.tsx";
import { DeliveryStatusBadge, TestBadge, WebhookStatusBadge } from "./status-badges.tsx";
import { TimeAgo } from "./time-ago.tsx";
import { WebhookRowActions } from "./webhook-row-actions.tsx";

/** Settings → Webhooks: one row per endpoint, with its health at a glance. */
export function WebhooksTable({ webhooks }: { webhooks: WebhookListItem[] }) {
  return (
    <DataTable columns={["Name", "Events", "Status", "Last delivery", "Success rate (7 d)"]} actions>
      {webhooks.map((w) => (
        <TableRow key={w.id} data-testid="webhook-row" data-webhook-id={w.id}>
          <TableCell className="max-w-[16rem]">
            <Link
              href={`/settings/webhooks/${w.id}`}
              className="font-medium underline-offset-4 hover:underline focus-visible:underline"
            >
              {w.name}
            </Link>
            <p className="truncate font-mono text-xs text-muted-foreground" title={w.url}>
              {w.url}
            </p>
          </TableCell>
          <TableCell>
            <Tooltip>
              <TooltipTrigger asChild>
                <button
                  type="button"
                  className="rounded-sm text-sm underline decoration-dotted underline-offset-4 focus-visible:outline-2 focus-visible:outline-ring"
                  data-testid="events-count"
                >
                  {w.events.length} {w.events.length === 1 ? "event" : "events"}
                </button>
              </TooltipTrigger>
              <TooltipContent>
                <ul className="font-mono text-xs">
                  {w.events.map((e) => (
                    <li key={e}>{e}</li>
                  ))}
                </ul>
              </TooltipContent>
            </Tooltip>
          </TableCell>
          <TableCell className="max-w-[16rem]">
            <WebhookStatusBadge status={w.status} />
            {w.status === "auto_disabled" && w.disabledReason && (
              <p className="mt-1 text-xs whitespace-normal text-muted-foreground">{w.disabledReason}</p>
            )}
          </TableCell>
          <TableCell>
            {w.lastDelivery ? (
              <div className="flex flex-wrap items-center gap-1.5">
                <DeliveryStatusBadge status={w.lastDelivery.status} />
                {w.lastDelivery.isTest && <TestBadge />}
                {w.lastDelivery.statusCode !== null && (
                  <span className="font-mono text-xs">{w.lastDelivery.statusCode}</span>
                )}
                <TimeAgo iso={w.lastDelivery.at} className="text-xs text-muted-foreground" />
              </div>
            ) : (
              <span className="text-sm text-muted-foreground">No deliveries yet</span>
            )}
          </TableCell>
          <TableCell data-testid="success-rate">
            <LocalPercent rate={w.successRate7d} />
          </TableCell>
          <TableCell className="text-right">
            <WebhookRowActions webhook={{ id: w.id, name: w.name, status: w.status }} />
          </TableCell>
        </TableRow>
      ))}
    </DataTable>
  );
}
