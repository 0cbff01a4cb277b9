import { NextResponse } from "next/server";
import { managerRoute } from "@/lib/http/define-route.ts";
import { getDeliveryDetail } from "@/lib/webhooks/logs/get-delivery.ts";

export const dynamic = "force-dynamic";

/** One delivery with every attempt (request and response), for the log's detail sheet. */
export const GET = managerRoute<{ id: string; deliveryId: string }>(async (_request, { prisma, agencyId, params }) =>
  NextResponse.json(await getDeliveryDetail(prisma, { agencyId, webhookId: params.id, deliveryId: params.deliveryId })),
);
