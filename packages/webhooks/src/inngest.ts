import { eventType, staticSchema, type EventType as InngestEventType } from "inngest";
import { EVENT_TYPES, type EventType, type WebhookEventDataMap } from "./events.js";

/** The Inngest event's `data`: the agency it belongs to, then the catalog event's data. */
export type AgencyOsEventData<T extends EventType> = { agencyId: string } & {
  [K in keyof WebhookEventDataMap[T]]: WebhookEventDataMap[T][K];
};

export type AgencyOsEventName<T extends EventType = EventType> = `agency-os/${T}`;

type AgencyOsEvents = {
  [T in EventType]: InngestEventType<AgencyOsEventName<T>, ReturnType<typeof staticSchema<AgencyOsEventData<T>>>>;
};

/**
 * One typed Inngest event per catalog type, for another service's Inngest client:
 *
 *   await inngest.send(agencyOsEvents["invoice.paid"].create({ agencyId, ...invoice }, { id: `invoice-${invoice.id}-paid` }));
 *
 * The types only: Agency OS validates each event against the catalog's schema when it
 * arrives and fails a bad one visibly, without retrying it. The event's `id` is its idempotency key.
 */
export const agencyOsEvents = Object.fromEntries(
  EVENT_TYPES.map((type) => [type, eventType(`agency-os/${type}`, { schema: staticSchema() })]),
) as unknown as AgencyOsEvents;
