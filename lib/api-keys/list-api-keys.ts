import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { toApiKeyView, type ApiKeyView } from "./api-key-view.ts";

/** The agency's keys, newest first, revoked and expired ones included (they say so). */
export async function listApiKeys(prisma: PrismaClient, args: { agencyId: string }): Promise<ApiKeyView[]> {
  const rows = await prisma.apiKey.findMany({ where: { agencyId: args.agencyId }, orderBy: { createdAt: "desc" } });
  const now = new Date();
  return rows.map((row) => toApiKeyView(row, now));
}
