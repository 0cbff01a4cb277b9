import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit.ts";
import { config } from "@/lib/config/index.ts";
import { parseInput } from "@/lib/errors/app-error.ts";
import { newId } from "@/lib/ids.ts";
import { API_KEY_EXPIRIES, CreateApiKeySchema, type CreateApiKeyInput } from "./api-key-scopes.ts";
import { displayPrefix, generateApiKeyToken, hashApiKeyToken } from "./api-key-token.ts";
import { toApiKeyView, type ApiKeyView } from "./api-key-view.ts";

const DAY = 24 * 60 * 60 * 1000;

/** A new key for the actor's agency. `token` is returned this once and never stored. */
export async function createApiKey(
  prisma: PrismaClient,
  args: { actor: AuditActor; input: CreateApiKeyInput; hashKey?: string },
): Promise<{ key: ApiKeyView; token: string }> {
  const input = parseInput(CreateApiKeySchema, args.input);
  const token = generateApiKeyToken();
  const days = API_KEY_EXPIRIES[input.expiresIn].days;
  const row = await prisma.apiKey.create({
    data: {
      id: newId("key"),
      agencyId: args.actor.agencyId,
      name: input.name,
      tokenHash: hashApiKeyToken(token, args.hashKey ?? config().apiKeyHashKey),
      prefix: displayPrefix(token),
      scopes: input.scopes,
      expiresAt: days === null ? null : new Date(Date.now() + days * DAY),
      createdBy: args.actor.label,
    },
  });
  await recordAudit(prisma, {
    actor: args.actor,
    action: "api_key.created",
    target: { type: "api_key", id: row.id },
    details: {
      name: row.name,
      prefix: row.prefix,
      scopes: row.scopes,
      expiresAt: row.expiresAt?.toISOString() ?? null,
    },
  });
  return { key: toApiKeyView(row), token };
}
