import { request, type APIRequestContext, type APIResponse } from "@playwright/test";
import type { Account } from "./accounts.ts";

/**
 * A signed-in HTTP client: the session comes from Auth.js's own credentials endpoint (the
 * same `authorize` with rate limits the login form uses), so no browser is needed to probe
 * hundreds of requests.
 */
export async function apiSession(
  baseURL: string,
  account?: Account,
  extraHeaders: Record<string, string> = {},
): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL, extraHTTPHeaders: extraHeaders });
  if (!account) return ctx;
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: account.email, password: account.password },
    maxRedirects: 0,
  });
  const session = (await (await ctx.get("/api/auth/session")).json()) as { user?: { email?: string } } | null;
  if (session?.user?.email !== account.email) throw new Error(`could not sign in as ${account.email}`);
  return ctx;
}

export type ActionCall = {
  status: number;
  headers: Record<string, string>;
  text: string;
  result: Record<string, unknown> | undefined;
};

/**
 * Calls a server action as the browser does: POST to a page that uses it, with its ID in the
 * `Next-Action` header and the arguments as a JSON array. The answer is React's flight
 * stream; the action's return value is the row holding an `ok` field.
 */
export async function callAction(
  ctx: APIRequestContext,
  opts: { id: string; page: string; args: unknown[]; origin?: string },
): Promise<ActionCall> {
  const base = new URL(opts.page, "http://placeholder");
  const res: APIResponse = await ctx.post(base.pathname, {
    headers: {
      "Next-Action": opts.id,
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      ...(opts.origin ? { Origin: opts.origin } : {}),
    },
    data: JSON.stringify(opts.args),
    maxRedirects: 0,
  });
  const text = await res.text();
  return { status: res.status(), headers: res.headers(), text, result: actionResult(text) };
}

export function actionResult(flight: string): Record<string, unknown> | undefined {
  for (const line of flight.split("\n")) {
    const m = /^[0-9a-f]+:(\{.*\})$/.exec(line);
    if (!m) continue;
    try {
      const value = JSON.parse(m[1]) as Record<string, unknown>;
      if ("ok" in value) return value;
    } catch {
      /* not a JSON row */
    }
  }
  return undefined;
}

/** True when a response sends the caller to the login page (a redirect, or an action redirect). */
export function sendsToLogin(res: { status: number; headers: Record<string, string> }): boolean {
  const location = res.headers["location"] ?? res.headers["x-action-redirect"] ?? "";
  return (
    (res.status >= 300 && res.status < 400 && /\/login\b/.test(location)) ||
    /^\/login\b/.test(res.headers["x-action-redirect"] ?? "")
  );
}
