import { z } from "zod";
import type { Webhook } from "@/lib/db/generated/client.ts";
import { isEventType, type EventType } from "./event-catalog.ts";

/** A webhook as the app shows it: never the secret or its ciphertext. */
export type WebhookView = {
  id: string;
  agencyId: string;
  name: string;
  url: string;
  events: EventType[];
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

const StoredHeaders = z.record(z.string(), z.string()).catch({});

export function toWebhookView(row: Webhook, now = new Date()): WebhookView {
  return {
    id: row.id,
    agencyId: row.agencyId,
    name: row.name,
    url: row.url,
    events: row.events.filter(isEventType),
    headers: StoredHeaders.parse(row.headers),
    status: row.status,
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt,
    failingSince: row.failingSince,
    previousSecretUntil: row.previousSecretUntil && row.previousSecretUntil > now ? row.previousSecretUntil : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function storedHeaders(row: Pick<Webhook, "headers">): Record<string, string> {
  return StoredHeaders.parse(row.headers);
}
