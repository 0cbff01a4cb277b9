import type { z } from "zod";
import type { WebhookView } from "@/lib/webhooks/webhook-view.ts";
import type { WebhookResource } from "./resources.ts";

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A webhook as the API answers with it (the agency is implied by the key; dates as ISO strings). */
export function webhookResource(w: WebhookView): z.input<typeof WebhookResource> {
  return {
    id: w.id,
    name: w.name,
    url: w.url,
    events: w.events,
    headers: w.headers,
    status: w.status,
    disabledReason: w.disabledReason,
    disabledAt: iso(w.disabledAt),
    failingSince: iso(w.failingSince),
    previousSecretUntil: iso(w.previousSecretUntil),
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}
