import type { z } from "zod";
import { findUnstorableText } from "../validation/storable-text.ts";
import { clientEvents } from "./events/client-events.ts";
import type { EventDefinition, EventGroup } from "./events/define-event.ts";
import { invoiceEvents } from "./events/invoice-events.ts";
import { projectEvents } from "./events/project-events.ts";
import { taskEvents } from "./events/task-events.ts";
import { ticketEvents } from "./events/ticket-events.ts";
import { timeEntryEvents } from "./events/time-entry-events.ts";

export type { EventGroup } from "./events/define-event.ts";

/**
 * The one list of event types: the checkbox groups, the Test dialog, emitEvent's
 * validation and the catalog page all read it. A new event type goes in its resource file.
 */
export const eventCatalog = {
  ...clientEvents,
  ...projectEvents,
  ...taskEvents,
  ...invoiceEvents,
  ...ticketEvents,
  ...timeEntryEvents,
};

export type EventType = keyof typeof eventCatalog;
export type EventData<T extends EventType> = z.infer<(typeof eventCatalog)[T]["schema"]>;

// Same order as the product documentation's table.
export const EVENT_TYPES = Object.keys(eventCatalog) as [EventType, ...EventType[]];

export const EVENT_GROUPS: { group: EventGroup; label: string }[] = [
  { group: "clients", label: "Clients" },
  { group: "projects", label: "Projects" },
  { group: "tasks", label: "Tasks" },
  { group: "invoices", label: "Invoices" },
  { group: "tickets", label: "Tickets" },
  { group: "time_entries", label: "Time entries" },
];

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(eventCatalog, value);
}

export function eventDefinition(type: EventType): EventDefinition {
  return eventCatalog[type];
}

export function eventTypesInGroup(group: EventGroup): EventType[] {
  return EVENT_TYPES.filter((t) => eventCatalog[t].group === group);
}

export type ParseEventDataResult<T extends EventType> =
  { ok: true; data: EventData<T> } | { ok: false; error: string; issues: { path: string; message: string }[] };

/** Validates an event's data; the error names the failing field, e.g. `data.amount: …`. */
export function parseEventData<T extends EventType>(type: T, data: unknown): ParseEventDataResult<T> {
  if (!isEventType(type)) {
    return { ok: false, error: `Unknown event type "${String(type)}"`, issues: [] };
  }
  const result = eventCatalog[type].schema.safeParse(data);
  let issues: { path: string; message: string }[];
  if (result.success) {
    // Valid by the schema but not storable (NUL, a lone surrogate): refused like a schema error.
    const unstorable = findUnstorableText(result.data);
    if (!unstorable) return { ok: true, data: result.data as EventData<T> };
    issues = [{ path: ["data", ...unstorable.path.map(String)].join("."), message: unstorable.problem }];
  } else {
    issues = result.error.issues.map((issue) => ({
      path: ["data", ...issue.path.map(String)].join("."),
      message: issue.message,
    }));
  }
  const error = `Invalid ${type} data: ` + issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  return { ok: false, error, issues };
}

/** The sample payload's data, as Test sends it and the catalog page shows it. */
export function sampleEventData<T extends EventType>(type: T): EventData<T> {
  return structuredClone(eventCatalog[type].sample) as EventData<T>;
}
