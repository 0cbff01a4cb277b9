import type { EventType, WebhookEventDataMap } from "./events.generated.js";

export { EVENT_TYPES } from "./events.generated.js";
export type * from "./events.generated.js";

/** The body of one delivery of type `T`, exactly as Agency OS sends it. */
export type WebhookEventOf<T extends EventType> = {
  /** The event's ID: the same for every endpoint and every retry, so use it to ignore repeats. */
  id: string;
  event: T;
  /** When it happened, ISO 8601 UTC. */
  timestamp: string;
  data: WebhookEventDataMap[T];
};

/** Any delivery's body; `switch (event.event)` narrows `data`. */
export type WebhookEvent = { [T in EventType]: WebhookEventOf<T> }[EventType];
