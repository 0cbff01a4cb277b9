import "server-only";
import { API_SCOPES, type ApiScope } from "@/lib/api-keys/api-key-scopes.ts";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key.ts";
import { canManageWebhooks } from "@/lib/auth/agency-context.ts";
import { currentContext } from "@/lib/auth/session.ts";
import { actorOf, type AuditActor } from "@/lib/audit/record-audit.ts";
import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import { isSameOrigin } from "./same-origin.ts";

/** Who is calling the API: an agency's key, or a signed-in owner or admin (the app's own pages). */
export type ApiPrincipal = {
  kind: "key" | "session";
  /** `key:<id>` or `user:<id>`: rate limits and Idempotency-Key answers are kept per principal. */
  id: string;
  agencyId: string;
  scopes: ReadonlySet<ApiScope>;
  actor: AuditActor;
};

const NO_CREDENTIALS = "Send an API key: Authorization: Bearer aosk_…";

/**
 * A Bearer key when there is an Authorization header (a bad one is refused, never ignored);
 * otherwise the session cookie, for the app's own screens, which may do all a manager may.
 */
export async function apiPrincipal(prisma: PrismaClient, request: Request): Promise<ApiPrincipal> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? "";
    const key = await authenticateApiKey(prisma, token);
    return {
      kind: "key",
      id: `key:${key.keyId}`,
      agencyId: key.agencyId,
      scopes: new Set(key.scopes),
      actor: { agencyId: key.agencyId, userId: null, label: key.label },
    };
  }
  const ctx = await currentContext();
  if (!ctx) throw new AppError("UNAUTHENTICATED", NO_CREDENTIALS);
  if (!canManageWebhooks(ctx.role))
    throw new AppError("FORBIDDEN", "Only agency owners and admins can manage webhooks.");
  // A cookie rides along on cross-site requests too: writes must come from this app's pages.
  if (request.method !== "GET" && request.method !== "HEAD" && !isSameOrigin(request.headers))
    throw new AppError("FORBIDDEN", "Cross-origin requests are not allowed.");
  return {
    kind: "session",
    id: `user:${ctx.user.id}`,
    agencyId: ctx.agency.id,
    scopes: new Set(API_SCOPES),
    actor: actorOf(ctx),
  };
}

export function requireScope(principal: ApiPrincipal, scope: ApiScope): void {
  if (!principal.scopes.has(scope)) throw new AppError("FORBIDDEN", `This API key lacks the ${scope} scope.`);
}
