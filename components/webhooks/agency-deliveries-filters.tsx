"use client";

import { Input } from "@/components/ui/input.tsx";
import { Label } from "@/components/ui/label.tsx";
import { asOptions, LabelledSelect } from "@/components/ui/labelled-select.tsx";
import { EVENT_TYPES, type EventType } from "@/lib/webhooks/event-catalog.ts";
import type { DeliveryStatusName } from "@/lib/webhooks/logs/log-query.ts";
import { RETRY_RANGE_OPTIONS, type RetryRange } from "@/lib/webhooks/retry-ranges.ts";
import { STATUS_OPTIONS } from "./delivery-log-filters.tsx";

export type AgencyFilters = {
  webhookId?: string;
  eventType?: EventType;
  status?: DeliveryStatusName;
  statusCode: string;
  range?: RetryRange;
  eventId: string;
  q: string;
};

/** Endpoint, event type, status, status code, time range, event ID and a value in the payload. */
export function AgencyDeliveriesFilters({
  value,
  onChange,
  webhooks,
}: {
  value: AgencyFilters;
  onChange: (next: AgencyFilters) => void;
  webhooks: { id: string; name: string }[];
}) {
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <LabelledSelect
        id="all-webhook"
        label="Webhook"
        value={value.webhookId}
        onChange={(v) => onChange({ ...value, webhookId: v })}
        options={webhooks.map((w) => ({ value: w.id, label: w.name }))}
        allLabel="All webhooks"
      />
      <LabelledSelect
        id="all-event-type"
        label="Event type"
        value={value.eventType}
        onChange={(v) => onChange({ ...value, eventType: v })}
        options={asOptions(EVENT_TYPES)}
        allLabel="All event types"
      />
      <LabelledSelect
        id="all-status"
        label="Status"
        value={value.status}
        onChange={(v) => onChange({ ...value, status: v })}
        options={STATUS_OPTIONS}
        allLabel="All statuses"
      />
      <LabelledSelect
        id="all-range"
        label="Time range"
        value={value.range}
        onChange={(v) => onChange({ ...value, range: v })}
        options={RETRY_RANGE_OPTIONS}
        allLabel="Any time"
      />
      <div className="grid gap-1.5">
        <Label htmlFor="all-status-code">Status code</Label>
        <Input
          id="all-status-code"
          inputMode="numeric"
          placeholder="e.g. 500"
          value={value.statusCode}
          onChange={(e) => onChange({ ...value, statusCode: e.target.value.replace(/\D/g, "").slice(0, 3) })}
        />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="all-event-id">Event ID</Label>
        <Input
          id="all-event-id"
          placeholder="evt_…"
          value={value.eventId}
          onChange={(e) => onChange({ ...value, eventId: e.target.value })}
        />
      </div>
      <div className="grid gap-1.5 sm:col-span-2">
        <Label htmlFor="all-q">Value in the payload</Label>
        <Input
          id="all-q"
          type="search"
          placeholder="e.g. INV-2026-0042 (at least 3 characters)"
          value={value.q}
          onChange={(e) => onChange({ ...value, q: e.target.value })}
        />
      </div>
    </div>
  );
}
