import "server-only";
import { NextResponse } from "next/server";
import { canManageWebhooks, type AgencyContext } from "./agency-context.ts";
import { currentContext } from "./session.ts";

export type RouteGuard = { ok: true; ctx: AgencyContext } | { ok: false; response: NextResponse };

/** For route handlers: JSON 401 when signed out, 403 when not an owner or admin. */
export async function guardWebhookRoute(): Promise<RouteGuard> {
  const ctx = await currentContext();
  if (!ctx) return { ok: false, response: NextResponse.json({ error: "Sign in to continue." }, { status: 401 }) };
  if (!canManageWebhooks(ctx.role)) {
    return {
      ok: false,
      response: NextResponse.json({ error: "Only agency owners and admins can manage webhooks." }, { status: 403 }),
    };
  }
  return { ok: true, ctx };
}
