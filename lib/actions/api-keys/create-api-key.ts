"use server";

import { managerAction } from "@/lib/actions/define-action.ts";
import { CreateApiKeySchema } from "@/lib/api-keys/api-key-scopes.ts";
import { createApiKey } from "@/lib/api-keys/create-api-key.ts";
import { actorOf } from "@/lib/audit/record-audit.ts";

/** Create API key: the key comes back this once, for the dialog to show; only its hash is kept. */
export const createApiKeyAction = managerAction(
  { name: "create-api-key", input: CreateApiKeySchema, revalidate: () => ["/settings/api-keys"] },
  async (input, { prisma, ctx }) => createApiKey(prisma, { actor: actorOf(ctx), input }),
);
