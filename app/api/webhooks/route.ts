import { NextResponse } from "next/server";
import { guardWebhookRoute } from "@/lib/auth/route-guard.ts";
import { db } from "@/lib/db/index.ts";
import { listWebhookItems } from "@/lib/webhooks/logs/webhook-list.ts";

export const dynamic = "force-dynamic";

/** The signed-in agency's webhooks with their last delivery and success rate. */
export async function GET() {
  const guard = await guardWebhookRoute();
  if (!guard.ok) return guard.response;
  const webhooks = await listWebhookItems(await db(), { agencyId: guard.ctx.agency.id });
  return NextResponse.json({ webhooks });
}
