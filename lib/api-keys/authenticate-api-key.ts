import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { config } from "@/lib/config/index.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import type { ApiScope } from "./api-key-scopes.ts";
import { hashApiKeyToken, isApiKeyToken } from "./api-key-token.ts";
import { apiKeyStatus, toApiKeyView } from "./api-key-view.ts";

export type ApiKeyPrincipal = { keyId: string; agencyId: string; scopes: ApiScope[]; label: string };

// last_used_at is "within the minute": one write per key and minute, not one per request.
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The key behind a Bearer token, checked on every request against its row (no cache), so a
 * revoked or expired key is refused from the next request on. Every refusal reads alike.
 */
export async function authenticateApiKey(
  prisma: PrismaClient,
  token: string,
  opts: { hashKey?: string; now?: Date } = {},
): Promise<ApiKeyPrincipal> {
  const refused = new AppError("UNAUTHENTICATED", "The API key is missing, invalid, expired or revoked.");
  if (!isApiKeyToken(token)) throw refused;
  const now = opts.now ?? new Date();
  const row = await prisma.apiKey.findUnique({
    where: { tokenHash: hashApiKeyToken(token, opts.hashKey ?? config().apiKeyHashKey) },
  });
  if (!row || apiKeyStatus(row, now) !== "active") throw refused;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await prisma.apiKey.updateMany({ where: { id: row.id, revokedAt: null }, data: { lastUsedAt: now } });
  }
  const view = toApiKeyView(row, now);
  return {
    keyId: row.id,
    agencyId: row.agencyId,
    scopes: view.scopes,
    label: `API key "${row.name}" (${row.prefix}…)`,
  };
}
