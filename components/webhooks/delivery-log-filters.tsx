"use client";

import { Input } from "@/components/ui/input.tsx";
import { Label } from "@/components/ui/label.tsx";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select.tsx";
import { EVENT_TYPES } from "@/lib/webhooks/event-catalog.ts";
import { DELIVERY_STATUSES, type DeliveryStatusName } from "@/lib/webhooks/logs/log-query.ts";

export type LogFilters = { status?: DeliveryStatusName; eventType?: (typeof EVENT_TYPES)[number]; eventId: string };

const STATUS_LABELS: Record<DeliveryStatusName, string> = {
  pending: "Pending",
  succeeded: "Succeeded",
  failed: "Failed",
  paused: "Paused",
};

export function DeliveryLogFilters({ value, onChange }: { value: LogFilters; onChange: (next: LogFilters) => void }) {
  return (
    <div className="grid gap-3 sm:grid-cols-3">
      <div className="grid gap-1.5">
        <Label htmlFor="log-status">Status</Label>
        <Select
          value={value.status ?? "all"}
          onValueChange={(v) => onChange({ ...value, status: v === "all" ? undefined : (v as DeliveryStatusName) })}
        >
          <SelectTrigger id="log-status" className="w-full">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="all">All statuses</SelectItem>
            {DELIVERY_STATUSES.map((s) => (
              <SelectItem key={s} value={s}>
                {STATUS_LABELS[s]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="log-event-type">Event type</Label>
        <Select
          value={value.eventType ?? "all"}
          onValueChange={(v) =>
            onChange({ ...value, eventType: v === "all" ? undefined : (v as LogFilters["eventType"]) })
          }
        >
          <SelectTrigger id="log-event-type" className="w-full">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="all">All event types</SelectItem>
            {EVENT_TYPES.map((t) => (
              <SelectItem key={t} value={t}>
                {t}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="log-event-id">Search by event ID</Label>
        <Input
          id="log-event-id"
          type="search"
          placeholder="evt_…"
          value={value.eventId}
          onChange={(e) => onChange({ ...value, eventId: e.target.value })}
          autoComplete="off"
        />
      </div>
    </div>
  );
}
