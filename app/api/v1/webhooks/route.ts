import { apiRoute } from "@/lib/api/api-route.ts";
import { createWebhook, listWebhooks } from "@/lib/api/v1/webhook-endpoints.ts";
import { toWebhookItem } from "@/lib/webhooks/logs/webhook-list.ts";
import { createWebhookAudited } from "@/lib/webhooks/audited/webhook-changes.ts";
import { listWebhooksPage } from "@/lib/webhooks/list-webhooks-page.ts";

export const GET = apiRoute(listWebhooks, async ({ prisma, principal, query }) => {
  const page = await listWebhooksPage(prisma, { agencyId: principal.agencyId, ...query });
  return { data: page.items.map(toWebhookItem), nextCursor: page.nextCursor };
});

export const POST = apiRoute(createWebhook, async ({ prisma, principal, body }) => {
  const { webhook, secret } = await createWebhookAudited(prisma, { actor: principal.actor, input: body });
  return { ...toWebhookItem(webhook), secret };
});
