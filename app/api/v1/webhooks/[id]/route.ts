import { apiRoute } from "@/lib/api/api-route.ts";
import { deleteWebhook, getWebhook, updateWebhook } from "@/lib/api/v1/webhook-endpoints.ts";
import { toWebhookItem } from "@/lib/webhooks/logs/webhook-list.ts";
import { deleteWebhookAudited, updateWebhookAudited } from "@/lib/webhooks/audited/webhook-changes.ts";
import { getWebhook as findWebhook } from "@/lib/webhooks/webhook-repo.ts";

export const GET = apiRoute(getWebhook, async ({ prisma, principal, params }) =>
  toWebhookItem(await findWebhook(prisma, { agencyId: principal.agencyId, webhookId: params.id })),
);

export const PATCH = apiRoute(updateWebhook, async ({ prisma, principal, params, body }) =>
  toWebhookItem(await updateWebhookAudited(prisma, { actor: principal.actor, webhookId: params.id, input: body })),
);

export const DELETE = apiRoute(deleteWebhook, async ({ prisma, principal, params }) => {
  await deleteWebhookAudited(prisma, { actor: principal.actor, webhookId: params.id });
  return undefined;
});
