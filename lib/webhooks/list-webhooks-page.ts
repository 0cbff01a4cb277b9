import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { decodeCursor, encodeCursor } from "./logs/log-cursor.ts";
import { toWebhookView, type WebhookView } from "./webhook-view.ts";

/** One page of the agency's webhooks, oldest first, by keyset on (createdAt, id) like the log. */
export async function listWebhooksPage(
  prisma: PrismaClient,
  args: { agencyId: string; cursor?: string; limit: number },
): Promise<{ items: WebhookView[]; nextCursor: string | null }> {
  const after = args.cursor ? decodeCursor(args.cursor) : null;
  const rows = await prisma.webhook.findMany({
    where: {
      agencyId: args.agencyId,
      ...(after
        ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: args.limit + 1,
  });
  const page = rows.slice(0, args.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toWebhookView(row)),
    nextCursor: rows.length > args.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}
