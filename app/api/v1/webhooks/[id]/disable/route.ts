import { apiRoute } from "@/lib/api/api-route.ts";
import { disableWebhook } from "@/lib/api/v1/webhook-endpoints.ts";
import { toWebhookItem } from "@/lib/webhooks/logs/webhook-list.ts";
import { setWebhookEnabledAudited } from "@/lib/webhooks/audited/webhook-changes.ts";
import { getWebhook } from "@/lib/webhooks/webhook-repo.ts";

export const POST = apiRoute(disableWebhook, async ({ prisma, principal, params }) => {
  await setWebhookEnabledAudited(prisma, { actor: principal.actor, webhookId: params.id, enabled: false });
  return toWebhookItem(await getWebhook(prisma, { agencyId: principal.agencyId, webhookId: params.id }));
});
