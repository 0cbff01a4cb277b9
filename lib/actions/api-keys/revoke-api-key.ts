"use server";

import { managerAction } from "@/lib/actions/define-action.ts";
import { ApiKeyIdSchema } from "@/lib/api-keys/api-key-scopes.ts";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key.ts";
import { actorOf } from "@/lib/audit/record-audit.ts";

/** Revoke: the key stops working from its next request. */
export const revokeApiKeyAction = managerAction(
  { name: "revoke-api-key", input: ApiKeyIdSchema, revalidate: () => ["/settings/api-keys"] },
  async ({ id }, { prisma, ctx }) => revokeApiKey(prisma, { actor: actorOf(ctx), keyId: id }),
);
