import { apiRoute } from "@/lib/api/api-route.ts";
import { revealWebhookSecret } from "@/lib/api/v1/webhook-endpoints.ts";
import { revealSecretAudited } from "@/lib/webhooks/audited/webhook-changes.ts";
import { getWebhook } from "@/lib/webhooks/webhook-repo.ts";

export const GET = apiRoute(revealWebhookSecret, async ({ prisma, principal, params }) => {
  const { secret } = await revealSecretAudited(prisma, { actor: principal.actor, webhookId: params.id });
  const webhook = await getWebhook(prisma, { agencyId: principal.agencyId, webhookId: params.id });
  return { secret, previousValidUntil: webhook.previousSecretUntil?.toISOString() ?? null };
});
