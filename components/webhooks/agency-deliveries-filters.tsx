"use client";

import { Input } from "@/components/ui/input.tsx";
import { Label } from "@/components/ui/label.tsx";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select.tsx";
import { EVENT_TYPES, type EventType } from "@/lib/webhooks/event-catalog.ts";
import { DELIVERY_STATUSES, type DeliveryStatusName } from "@/lib/webhooks/logs/log-query.ts";
import { RETRY_RANGES, type RetryRange } from "@/lib/webhooks/retry-ranges.ts";

export type AgencyFilters = {
  webhookId?: string;
  eventType?: EventType;
  status?: DeliveryStatusName;
  statusCode: string;
  range?: RetryRange;
  eventId: string;
  q: string;
};

const ALL = "all";

function Choice({
  id,
  label,
  value,
  onChange,
  options,
  allLabel,
}: {
  id: string;
  label: string;
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  options: { value: string; label: string }[];
  allLabel: string;
}) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Select value={value ?? ALL} onValueChange={(v) => onChange(v === ALL ? undefined : v)}>
        <SelectTrigger id={id} className="w-full">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={ALL}>{allLabel}</SelectItem>
          {options.map((o) => (
            <SelectItem key={o.value} value={o.value}>
              {o.label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}

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
      <Choice
        id="all-webhook"
        label="Webhook"
        value={value.webhookId}
        onChange={(v) => onChange({ ...value, webhookId: v })}
        options={webhooks.map((w) => ({ value: w.id, label: w.name }))}
        allLabel="All webhooks"
      />
      <Choice
        id="all-event-type"
        label="Event type"
        value={value.eventType}
        onChange={(v) => onChange({ ...value, eventType: v as EventType | undefined })}
        options={EVENT_TYPES.map((t) => ({ value: t, label: t }))}
        allLabel="All event types"
      />
      <Choice
        id="all-status"
        label="Status"
        value={value.status}
        onChange={(v) => onChange({ ...value, status: v as DeliveryStatusName | undefined })}
        options={DELIVERY_STATUSES.map((s) => ({ value: s, label: s[0].toUpperCase() + s.slice(1) }))}
        allLabel="All statuses"
      />
      <Choice
        id="all-range"
        label="Time range"
        value={value.range}
        onChange={(v) => onChange({ ...value, range: v as RetryRange | undefined })}
        options={Object.entries(RETRY_RANGES).map(([k, r]) => ({ value: k, label: r.label }))}
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
