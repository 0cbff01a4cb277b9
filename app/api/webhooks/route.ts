import { NextResponse } from "next/server";
import { managerRoute } from "@/lib/http/define-route.ts";
import { listWebhookItems } from "@/lib/webhooks/logs/webhook-list.ts";

export const dynamic = "force-dynamic";

/** The signed-in agency's webhooks with their last delivery and success rate. */
export const GET = managerRoute(async (_request, { prisma, agencyId }) =>
  NextResponse.json({ webhooks: await listWebhookItems(prisma, { agencyId }) }),
);
