import { request, type APIRequestContext } from "@playwright/test";
import type { ApiScope } from "../../lib/api-keys/api-key-scopes.ts";
import { listActions, workerUrl } from "./route-inventory.ts";
import { callAction } from "./security-http.ts";

const actions = listActions();

function action(name: string) {
  const a = actions.find((x) => x.name === name);
  if (!a?.id) throw new Error(`server action ${name} is not in the build`);
  return { id: a.id, page: workerUrl(a.pages[0]) };
}

/** Creates a key through the Settings → API keys action, as the signed-in admin; returns the key once shown. */
export async function createKey(
  admin: APIRequestContext,
  baseURL: string,
  input: { name: string; scopes: ApiScope[]; expiresIn?: string },
): Promise<{ id: string; token: string }> {
  const { id, page } = action("createApiKeyAction");
  const created = await callAction(admin, {
    id,
    page,
    origin: baseURL,
    args: [{ expiresIn: "never", ...input }],
  });
  const data = (created.result as { data?: { key: { id: string }; token: string } } | undefined)?.data;
  if (!data) throw new Error(`createApiKeyAction failed: ${created.text.slice(0, 300)}`);
  return { id: data.key.id, token: data.token };
}

export async function revokeKey(admin: APIRequestContext, baseURL: string, keyId: string): Promise<void> {
  const { id, page } = action("revokeApiKeyAction");
  const revoked = await callAction(admin, { id, page, origin: baseURL, args: [{ id: keyId }] });
  if (!(revoked.result as { ok?: boolean } | undefined)?.ok) throw new Error(`revoke failed: ${revoked.text}`);
}

/** An HTTP client that sends `Authorization: Bearer <key>` and no cookie. */
export function keyClient(baseURL: string, token: string): Promise<APIRequestContext> {
  return request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
}
