import { NextResponse } from "next/server";
import { notificationFeed } from "@/lib/alerts/notifications.ts";
import { managerRoute } from "@/lib/http/define-route.ts";

export const dynamic = "force-dynamic";

/** The bell: the signed-in owner's or admin's newest alerts in this agency and the unread count. */
export const GET = managerRoute(async (_request, { prisma, ctx, agencyId }) =>
  NextResponse.json(await notificationFeed(prisma, { userId: ctx.user.id, agencyId })),
);
