import { z } from "zod";
import { isEventType, parseEventData, type EventData, type EventType } from "@/lib/webhooks/event-catalog.ts";

/** Catalog events sent as Inngest events by other software: `agency-os/invoice.paid`, … */
export const AGENCY_OS_EVENT_PREFIX = "agency-os/";

export type AgencyOsEvent<T extends EventType = EventType> = { type: T; agencyId: string; data: EventData<T> };
export type AgencyOsEventParse =
  { ok: true; event: AgencyOsEvent } | { ok: false; error: string; issues: { path: string; message: string }[] };

const Envelope = z.looseObject({
  agencyId: z.string().min(1, "agencyId: name the agency the event belongs to").max(100),
});

/**
 * An `agency-os/<type>` event's name and data (`{ agencyId, …the catalog event's data }`),
 * checked against the catalog: the type must exist and the data match its schema.
 */
export function parseAgencyOsEvent(name: string, data: unknown): AgencyOsEventParse {
  const type = name.startsWith(AGENCY_OS_EVENT_PREFIX) ? name.slice(AGENCY_OS_EVENT_PREFIX.length) : "";
  if (!isEventType(type)) {
    return { ok: false, error: `name: "${name}" is not an Agency OS event (agency-os/<a catalog type>)`, issues: [] };
  }
  const envelope = Envelope.safeParse(data);
  if (!envelope.success) {
    const message = envelope.error.issues[0]?.message ?? "data: expected an object";
    return { ok: false, error: message, issues: [{ path: "data.agencyId", message }] };
  }
  const { agencyId, ...rest } = envelope.data;
  const parsed = parseEventData(type, rest);
  if (!parsed.ok) return { ok: false, error: parsed.error, issues: parsed.issues };
  return { ok: true, event: { type, agencyId, data: parsed.data } };
}
