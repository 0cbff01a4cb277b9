import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { config } from "@/lib/config/index.ts";
import { newId } from "@/lib/ids.ts";
import { checkUrl, type Resolver } from "./url-guard.ts";
import { AppError, parseInput } from "@/lib/errors/app-error.ts";
import {
  CreateWebhookSchema,
  UpdateWebhookSchema,
  type CreateWebhookInput,
  type UpdateWebhookInput,
} from "./webhook-input.ts";
import { decryptHeaders, mergeEditedHeaders } from "./custom-headers.ts";
import { decryptSecret, encryptSecret, generateSecret } from "./webhook-secret.ts";
import { toWebhookView, type WebhookView } from "./webhook-view.ts";

type UrlOptions = { allowPrivateUrls?: boolean; resolve?: Resolver };

/** Another agency's webhook answers exactly like a missing one. */
export function webhookNotFound(): AppError {
  return new AppError("NOT_FOUND", "This webhook no longer exists, or you do not have access to it.");
}

/** Refuses URLs that can never be delivered to; an unresolvable host is allowed (DNS may come later). */
async function assertDeliverableUrl(url: string, opts: UrlOptions): Promise<void> {
  const check = await checkUrl(url, {
    allowPrivateUrls: opts.allowPrivateUrls ?? config().allowPrivateUrls,
    resolve: opts.resolve,
  });
  if (!check.ok && check.reason !== "dns")
    throw new AppError("INVALID_INPUT", "Check the highlighted fields.", { url: [check.message] });
}

export async function createWebhook(
  prisma: PrismaClient,
  args: { agencyId: string; input: CreateWebhookInput } & UrlOptions,
): Promise<{ webhook: WebhookView; secret: string }> {
  const input = parseInput(CreateWebhookSchema, args.input);
  await assertDeliverableUrl(input.url, args);
  const secret = input.secret ?? generateSecret();
  const row = await prisma.webhook.create({
    data: {
      id: newId("wh"),
      agencyId: args.agencyId,
      name: input.name,
      url: input.url,
      events: input.events,
      // Encrypted values; a value left as the mask has nothing to keep here and is refused.
      headers: mergeEditedHeaders({}, input.headers).headers,
      secretEnc: encryptSecret(secret),
    },
  });
  return { webhook: toWebhookView(row), secret };
}

export async function updateWebhook(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId: string; input: UpdateWebhookInput } & UrlOptions,
): Promise<{ before: WebhookView; webhook: WebhookView; headersChanged: boolean }> {
  const { headers: editedHeaders, ...changes } = parseInput(UpdateWebhookSchema, args.input);
  if (changes.url !== undefined) await assertDeliverableUrl(changes.url, args);
  const row = await prisma.webhook.findFirst({ where: { id: args.webhookId, agencyId: args.agencyId } });
  if (!row) throw webhookNotFound();
  // The form and the API send the mask for a value they did not change (they never see it).
  const merged = editedHeaders === undefined ? undefined : mergeEditedHeaders(row.headers, editedHeaders);
  const { count } = await prisma.webhook.updateMany({
    where: { id: args.webhookId, agencyId: args.agencyId },
    data: { ...changes, ...(merged ? { headers: merged.headers } : {}) },
  });
  if (count === 0) throw webhookNotFound();
  return { before: toWebhookView(row), webhook: await getWebhook(prisma, args), headersChanged: !!merged?.changed };
}

export async function getWebhook(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId: string },
): Promise<WebhookView> {
  const row = await prisma.webhook.findFirst({ where: { id: args.webhookId, agencyId: args.agencyId } });
  if (!row) throw webhookNotFound();
  return toWebhookView(row);
}

export async function listWebhooks(prisma: PrismaClient, args: { agencyId: string }): Promise<WebhookView[]> {
  const rows = await prisma.webhook.findMany({ where: { agencyId: args.agencyId }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => toWebhookView(row));
}

/** Deleting removes its deliveries and attempts too (cascade); there is no undo. Returns what was deleted. */
export async function deleteWebhook(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId: string },
): Promise<WebhookView> {
  const webhook = await getWebhook(prisma, args);
  const { count } = await prisma.webhook.deleteMany({ where: { id: args.webhookId, agencyId: args.agencyId } });
  if (count === 0) throw webhookNotFound();
  return webhook;
}

/** The endpoint's custom header values, decrypted (for an admin's audited "Reveal values"). */
export async function revealHeaders(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId: string },
): Promise<Record<string, string>> {
  const row = await prisma.webhook.findFirst({
    where: { id: args.webhookId, agencyId: args.agencyId },
    select: { headers: true },
  });
  if (!row) throw webhookNotFound();
  return decryptHeaders(row.headers);
}

/** For the admin's Reveal/Copy: decrypts on demand, never logged. */
export async function revealSecret(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId: string },
): Promise<string> {
  const row = await prisma.webhook.findFirst({
    where: { id: args.webhookId, agencyId: args.agencyId },
    select: { secretEnc: true },
  });
  if (!row) throw webhookNotFound();
  return decryptSecret(row.secretEnc);
}
