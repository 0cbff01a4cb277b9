import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit.ts";
import { rotateSecret } from "../rotate-secret.ts";
import type { CreateWebhookInput, UpdateWebhookInput } from "../webhook-input.ts";
import { revealAttemptHeaders } from "../custom-headers.ts";
import {
  createWebhook,
  deleteWebhook,
  revealHeaders,
  revealSecret,
  updateWebhook,
  webhookNotFound,
} from "../webhook-repo.ts";
import { setWebhookEnabled } from "../webhook-status.ts";

// Each change a person (through a screen) or an API key makes to a webhook, with its audit entry:
// the server actions and the REST API call these, so both leave the same record.

type Args = { actor: AuditActor; webhookId: string };

export async function createWebhookAudited(
  prisma: PrismaClient,
  args: { actor: AuditActor; input: CreateWebhookInput },
) {
  const created = await createWebhook(prisma, { agencyId: args.actor.agencyId, input: args.input });
  const { webhook } = created;
  await recordAudit(prisma, {
    actor: args.actor,
    action: "webhook.created",
    webhookId: webhook.id,
    details: { name: webhook.name, url: webhook.url, events: webhook.events },
  });
  return created;
}

export async function updateWebhookAudited(prisma: PrismaClient, args: Args & { input: UpdateWebhookInput }) {
  const { before, webhook, headersChanged } = await updateWebhook(prisma, {
    agencyId: args.actor.agencyId,
    webhookId: args.webhookId,
    input: args.input,
  });
  // Say what changed, by field name: enough for "who changed the URL", no secrets involved.
  // Header values are encrypted (a new IV each save) and shown masked: updateWebhook compares them decrypted.
  const changed: string[] = (["name", "url", "events"] as const).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(webhook[k]),
  );
  if (headersChanged) changed.push("headers");
  await recordAudit(prisma, {
    actor: args.actor,
    action: "webhook.updated",
    webhookId: webhook.id,
    details: { changed, name: webhook.name },
  });
  return webhook;
}

export async function deleteWebhookAudited(prisma: PrismaClient, args: Args) {
  const webhook = await deleteWebhook(prisma, { agencyId: args.actor.agencyId, webhookId: args.webhookId });
  // The audit row outlives the webhook (it belongs to the agency), so the deletion stays on record.
  await recordAudit(prisma, {
    actor: args.actor,
    action: "webhook.deleted",
    webhookId: webhook.id,
    details: { name: webhook.name, url: webhook.url },
  });
  return webhook;
}

export async function setWebhookEnabledAudited(prisma: PrismaClient, args: Args & { enabled: boolean }) {
  const { resumed } = await setWebhookEnabled(prisma, {
    agencyId: args.actor.agencyId,
    webhookId: args.webhookId,
    enabled: args.enabled,
  });
  await recordAudit(prisma, {
    actor: args.actor,
    action: args.enabled ? "webhook.enabled" : "webhook.disabled",
    webhookId: args.webhookId,
    details: args.enabled ? { resumed } : {},
  });
  return { resumed };
}

export async function rotateSecretAudited(prisma: PrismaClient, args: Args) {
  const result = await rotateSecret(prisma, { agencyId: args.actor.agencyId, webhookId: args.webhookId });
  const previousValidUntil = result.previousValidUntil.toISOString();
  await recordAudit(prisma, {
    actor: args.actor,
    action: "webhook.secret_rotated",
    webhookId: args.webhookId,
    details: { previousValidUntil },
  });
  return { secret: result.secret, previousValidUntil };
}

/** Decrypts the signing secret; each reveal is on record. */
/**
 * "Reveal values": the endpoint's custom header values, or those one attempt sent (its log
 * keeps them encrypted), decrypted for an admin; each reveal is on record, naming the headers
 * (never their values).
 */
export async function revealHeadersAudited(prisma: PrismaClient, args: Args & { attemptId?: string }) {
  let headers: Record<string, string>;
  if (args.attemptId) {
    const attempt = await prisma.deliveryAttempt.findFirst({
      where: { id: args.attemptId, webhookId: args.webhookId, delivery: { agencyId: args.actor.agencyId } },
      select: { requestHeaders: true },
    });
    if (!attempt) throw webhookNotFound();
    headers = revealAttemptHeaders(attempt.requestHeaders);
  } else {
    headers = await revealHeaders(prisma, { agencyId: args.actor.agencyId, webhookId: args.webhookId });
  }
  await recordAudit(prisma, {
    actor: args.actor,
    action: "webhook.headers_revealed",
    webhookId: args.webhookId,
    details: { names: Object.keys(headers), attemptId: args.attemptId ?? null },
  });
  return { headers };
}

export async function revealSecretAudited(prisma: PrismaClient, args: Args) {
  const secret = await revealSecret(prisma, { agencyId: args.actor.agencyId, webhookId: args.webhookId });
  await recordAudit(prisma, { actor: args.actor, action: "webhook.secret_revealed", webhookId: args.webhookId });
  return { secret };
}
