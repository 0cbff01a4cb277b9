import { apiRoute } from "@/lib/api/api-route.ts";
import { rotateWebhookSecret } from "@/lib/api/v1/webhook-endpoints.ts";
import { rotateSecretAudited } from "@/lib/webhooks/audited/webhook-changes.ts";

export const POST = apiRoute(rotateWebhookSecret, async ({ prisma, principal, params }) =>
  rotateSecretAudited(prisma, { actor: principal.actor, webhookId: params.id }),
);
