import { createRequire } from "node:module";
import { Agent, fetch, FormData as UndiciFormData } from "undici";
import { listActions, workerUrl } from "./route-inventory.ts";

// React's own encoder of server-action arguments, as the login form's browser code uses it.
const { encodeReply } = createRequire(import.meta.url)("next/dist/compiled/react-server-dom-webpack/client.node") as {
  encodeReply(value: unknown): Promise<string | FormData>;
};

/**
 * Submits the login form's action over a TCP connection from a chosen local address (any of
 * 127.0.0.0/8 reaches a server on 127.0.0.1): one caller per address, as the per-address limits
 * see them with TRUSTED_PROXY_HOPS=0. Extra headers (a forged X-Forwarded-For) go along.
 */
export async function signInFrom(
  baseURL: string,
  localAddress: string,
  credentials: { email: string; password: string },
  headers: Record<string, string> = {},
): Promise<{ signedIn: boolean; error?: string }> {
  const action = listActions().find((a) => a.name === "signInAction");
  if (!action?.id) throw new Error("signInAction is not in the build");
  const form = new FormData();
  form.set("email", credentials.email);
  form.set("password", credentials.password);
  const encoded = await encodeReply([{ error: null, email: "" }, form]);
  // The same fields in undici's own FormData, which its fetch sends as multipart.
  const body = new UndiciFormData();
  for (const [name, value] of (encoded as FormData).entries()) body.append(name, value as string);
  const dispatcher = new Agent({ localAddress });
  try {
    const res = await fetch(new URL(workerUrl(action.pages[0]), baseURL), {
      method: "POST",
      dispatcher,
      redirect: "manual",
      headers: { "Next-Action": action.id, Accept: "text/x-component", Origin: baseURL, ...headers },
      body,
    });
    const text = await res.text();
    if (res.headers.get("x-action-redirect")) return { signedIn: true };
    return { signedIn: false, error: formError(text) ?? `status ${res.status}: ${text.slice(0, 200)}` };
  } finally {
    await dispatcher.close();
  }
}

/** The form state the action answered ({ error, email }), from React's flight rows. */
function formError(flight: string): string | undefined {
  for (const line of flight.split("\n")) {
    const m = /^[0-9a-f]+:(\{.*\})$/.exec(line);
    if (!m) continue;
    try {
      const value = JSON.parse(m[1]) as { error?: unknown };
      if (typeof value.error === "string") return value.error;
    } catch {
      /* not a JSON row */
    }
  }
  return undefined;
}
