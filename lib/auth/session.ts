import "server-only";
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { config } from "@/lib/config/index.ts";
import { db } from "@/lib/db/index.ts";
import { auth } from "./auth.ts";
import { canManageWebhooks, loadAgencyContext, type AgencyContext } from "./agency-context.ts";

export const AGENCY_COOKIE = "aos_agency";

/** The signed-in user's agency and role, or null when signed out. Once per request. */
export const currentContext = cache(async (): Promise<AgencyContext | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const preferred = (await cookies()).get(AGENCY_COOKIE)?.value;
  return loadAgencyContext(await db(), userId, preferred);
});

/** For pages and actions: signed-out callers go to the login page. */
export async function requireContext(): Promise<AgencyContext> {
  const ctx = await currentContext();
  if (!ctx) redirect("/login");
  return ctx;
}

/** For admin surfaces: members get the 403 page. */
export async function requireWebhookManager(): Promise<AgencyContext> {
  const ctx = await requireContext();
  if (!canManageWebhooks(ctx.role)) forbidden();
  return ctx;
}

/**
 * The random ID of the caller's session (lib/auth/user-sessions.ts), read from the session
 * cookie; for keeping this session when a password change ends the others. Never sent to
 * the browser: the session endpoint's JSON does not carry it.
 */
export async function currentSessionId(): Promise<string | null> {
  const req = { headers: await headers() };
  // Auth.js names the cookie `__Secure-authjs.session-token` behind https, `authjs.session-token` otherwise.
  for (const secureCookie of [true, false]) {
    const token = await getToken({ req, secret: config().authSecret, secureCookie });
    if (typeof token?.sid === "string") return token.sid;
  }
  return null;
}
