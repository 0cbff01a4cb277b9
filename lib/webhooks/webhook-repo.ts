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
      headers: input.headers,
      secretEnc: encryptSecret(secret),
    },
  });
  return { webhook: toWebhookView(row), secret };
}

export async function updateWebhook(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId: string; input: UpdateWebhookInput } & UrlOptions,
): Promise<{ before: WebhookView; webhook: WebhookView }> {
  const changes = parseInput(UpdateWebhookSchema, args.input);
  if (changes.url !== undefined) await assertDeliverableUrl(changes.url, args);
  const before = await getWebhook(prisma, args);
  const { count } = await prisma.webhook.updateMany({
    where: { id: args.webhookId, agencyId: args.agencyId },
    data: changes,
  });
  if (count === 0) throw webhookNotFound();
  return { before, webhook: await getWebhook(prisma, args) };
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
