import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import { toApiKeyView, type ApiKeyView } from "./api-key-view.ts";

/**
 * Revokes a key of the actor's agency. Every request checks the key's row, so the next call
 * with it is refused at once; revoking twice changes nothing and records nothing.
 */
export async function revokeApiKey(
  prisma: PrismaClient,
  args: { actor: AuditActor; keyId: string },
): Promise<ApiKeyView> {
  const where = { id: args.keyId, agencyId: args.actor.agencyId };
  const { count } = await prisma.apiKey.updateMany({
    where: { ...where, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  const row = await prisma.apiKey.findFirst({ where });
  if (!row) throw new AppError("NOT_FOUND", "This API key no longer exists, or you do not have access to it.");
  if (count > 0)
    await recordAudit(prisma, {
      actor: args.actor,
      action: "api_key.revoked",
      target: { type: "api_key", id: row.id },
      details: { name: row.name, prefix: row.prefix },
    });
  return toApiKeyView(row);
}
