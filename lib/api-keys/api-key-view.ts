import type { ApiKey } from "@/lib/db/generated/client.ts";
import { API_SCOPES, type ApiScope } from "./api-key-scopes.ts";

export type ApiKeyStatus = "active" | "expired" | "revoked";

/** A key as Settings → API keys shows it: never the key or its hash. */
export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  status: ApiKeyStatus;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: string;
  createdAt: string;
};

export function apiKeyStatus(row: Pick<ApiKey, "revokedAt" | "expiresAt">, now = new Date()): ApiKeyStatus {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt <= now) return "expired";
  return "active";
}

export function toApiKeyView(row: ApiKey, now = new Date()): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.filter((s): s is ApiScope => (API_SCOPES as string[]).includes(s)),
    status: apiKeyStatus(row, now),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
