import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { config } from "@/lib/config/index.ts";
import { newId } from "@/lib/ids.ts";
import { checkUrl, type Resolver } from "./url-guard.ts";
import {
  CreateWebhookSchema,
  UpdateWebhookSchema,
  fieldErrorsOf,
  type CreateWebhookInput,
  type FieldErrors,
  type UpdateWebhookInput,
} from "./webhook-input.ts";
import { decryptSecret, encryptSecret, generateSecret } from "./webhook-secret.ts";
import { toWebhookView, type WebhookView } from "./webhook-view.ts";

export type Failure = { ok: false; error: string; fieldErrors: FieldErrors };
type UrlOptions = { allowPrivateUrls?: boolean; resolve?: Resolver };

/** Refuses URLs that can never be delivered to; an unresolvable host is allowed (DNS may come later). */
async function urlProblem(url: string, opts: UrlOptions): Promise<string | null> {
  const check = await checkUrl(url, {
    allowPrivateUrls: opts.allowPrivateUrls ?? config().allowPrivateUrls,
    resolve: opts.resolve,
  });
  return check.ok || check.reason === "dns" ? null : check.message;
}

function invalid(fieldErrors: FieldErrors): Failure {
  return { ok: false, error: "Check the highlighted fields", fieldErrors };
}

export async function createWebhook(
  prisma: PrismaClient,
  args: { agencyId: string; input: CreateWebhookInput } & UrlOptions,
): Promise<{ ok: true; webhook: WebhookView; secret: string } | Failure> {
  const parsed = CreateWebhookSchema.safeParse(args.input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
  const problem = await urlProblem(parsed.data.url, args);
  if (problem) return invalid({ url: [problem] });
  const secret = parsed.data.secret ?? generateSecret();
  const row = await prisma.webhook.create({
    data: {
      id: newId("wh"),
      agencyId: args.agencyId,
      name: parsed.data.name,
      url: parsed.data.url,
      events: parsed.data.events,
      headers: parsed.data.headers,
      secretEnc: encryptSecret(secret),
    },
  });
  return { ok: true, webhook: toWebhookView(row), secret };
}

export async function updateWebhook(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId: string; input: UpdateWebhookInput } & UrlOptions,
): Promise<{ ok: true; webhook: WebhookView } | Failure> {
  const parsed = UpdateWebhookSchema.safeParse(args.input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
  if (parsed.data.url !== undefined) {
    const problem = await urlProblem(parsed.data.url, args);
    if (problem) return invalid({ url: [problem] });
  }
  const { count } = await prisma.webhook.updateMany({
    where: { id: args.webhookId, agencyId: args.agencyId },
    data: parsed.data,
  });
  if (count === 0) return { ok: false, error: "Webhook not found", fieldErrors: {} };
  const webhook = await getWebhook(prisma, { agencyId: args.agencyId, webhookId: args.webhookId });
  return webhook ? { ok: true, webhook } : { ok: false, error: "Webhook not found", fieldErrors: {} };
}

export async function getWebhook(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId: string },
): Promise<WebhookView | null> {
  const row = await prisma.webhook.findFirst({ where: { id: args.webhookId, agencyId: args.agencyId } });
  return row ? toWebhookView(row) : null;
}

export async function listWebhooks(prisma: PrismaClient, args: { agencyId: string }): Promise<WebhookView[]> {
  const rows = await prisma.webhook.findMany({ where: { agencyId: args.agencyId }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => toWebhookView(row));
}

/** Deleting removes its deliveries and attempts too (cascade); there is no undo. */
export async function deleteWebhook(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId: string },
): Promise<boolean> {
  const { count } = await prisma.webhook.deleteMany({ where: { id: args.webhookId, agencyId: args.agencyId } });
  return count > 0;
}

/** For the admin's Reveal/Copy: decrypts on demand, never logged. */
export async function revealSecret(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId: string },
): Promise<string | null> {
  const row = await prisma.webhook.findFirst({
    where: { id: args.webhookId, agencyId: args.agencyId },
    select: { secretEnc: true },
  });
  return row ? decryptSecret(row.secretEnc) : null;
}
