import type { PrismaClient } from "@/lib/db/generated/client.ts";
import type { EventType } from "../event-catalog.ts";
import { listWebhooks } from "../webhook-repo.ts";
import type { WebhookView } from "../webhook-view.ts";
import { webhookSummaries, type WebhookSummary } from "./webhook-summaries.ts";

/** A webhook as the screens, GET /api/webhooks and /api/v1 show it: plain JSON, never the secret. */
export type WebhookItem = {
  id: string;
  name: string;
  url: string;
  events: EventType[];
  headers: Record<string, string>;
  status: "active" | "disabled" | "auto_disabled";
  disabledReason: string | null;
  disabledAt: string | null;
  failingSince: string | null;
  previousSecretUntil: string | null;
  createdAt: string;
  updatedAt: string;
};

export type WebhookListItem = WebhookItem & WebhookSummary;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toWebhookItem(w: WebhookView): WebhookItem {
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

export async function listWebhookItems(prisma: PrismaClient, args: { agencyId: string }): Promise<WebhookListItem[]> {
  const [webhooks, summaries] = await Promise.all([listWebhooks(prisma, args), webhookSummaries(prisma, args)]);
  return webhooks.map((w) => ({
    ...toWebhookItem(w),
    lastDelivery: summaries[w.id]?.lastDelivery ?? null,
    successRate7d: summaries[w.id]?.successRate7d ?? null,
  }));
}
