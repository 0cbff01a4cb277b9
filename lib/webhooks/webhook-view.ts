import type { Webhook } from "@/lib/db/generated/client.ts";
import { maskHeaders } from "./custom-headers.ts";
import { isEventType, type EventType } from "./event-catalog.ts";

/** A webhook as the app shows it: never the secret or its ciphertext. */
export type WebhookView = {
  id: string;
  agencyId: string;
  name: string;
  url: string;
  events: EventType[];
  /** Custom header names, each with HEADER_MASK for its value (values are encrypted; see custom-headers.ts). */
  headers: Record<string, string>;
  status: Webhook["status"];
  disabledReason: string | null;
  disabledAt: Date | null;
  failingSince: Date | null;
  /** Set while a rotated-out secret still signs (24 h after Rotate). */
  previousSecretUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export function toWebhookView(row: Webhook, now = new Date()): WebhookView {
  return {
    id: row.id,
    agencyId: row.agencyId,
    name: row.name,
    url: row.url,
    events: row.events.filter(isEventType),
    headers: maskHeaders(row.headers),
    status: row.status,
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt,
    failingSince: row.failingSince,
    previousSecretUntil: row.previousSecretUntil && row.previousSecretUntil > now ? row.previousSecretUntil : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
