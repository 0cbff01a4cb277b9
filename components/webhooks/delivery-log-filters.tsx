"use client";

import { Input } from "@/components/ui/input.tsx";
import { Label } from "@/components/ui/label.tsx";
import { asOptions, LabelledSelect } from "@/components/ui/labelled-select.tsx";
import { EVENT_TYPES, type EventType } from "@/lib/webhooks/event-catalog.ts";
import { DELIVERY_STATUSES, type DeliveryStatusName } from "@/lib/webhooks/logs/log-query.ts";

export type LogFilters = { status?: DeliveryStatusName; eventType?: EventType; eventId: string };

/** The status filter's choices (an endpoint's log and the Deliveries page). */
export const STATUS_OPTIONS = DELIVERY_STATUSES.map((s) => ({ value: s, label: s[0].toUpperCase() + s.slice(1) }));

export function DeliveryLogFilters({ value, onChange }: { value: LogFilters; onChange: (next: LogFilters) => void }) {
  return (
    <div className="grid gap-3 sm:grid-cols-3">
      <LabelledSelect
        id="log-status"
        label="Status"
        value={value.status}
        onChange={(status) => onChange({ ...value, status })}
        options={STATUS_OPTIONS}
        allLabel="All statuses"
      />
      <LabelledSelect
        id="log-event-type"
        label="Event type"
        value={value.eventType}
        onChange={(eventType) => onChange({ ...value, eventType })}
        options={asOptions(EVENT_TYPES)}
        allLabel="All event types"
      />
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
