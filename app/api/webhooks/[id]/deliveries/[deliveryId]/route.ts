import { NextResponse } from "next/server";
import { guardWebhookRoute } from "@/lib/auth/route-guard.ts";
import { db } from "@/lib/db/index.ts";
import { getDeliveryDetail } from "@/lib/webhooks/logs/get-delivery.ts";

export const dynamic = "force-dynamic";

/** One delivery with every attempt (request and response), for the log's detail sheet. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; deliveryId: string }> }) {
  const guard = await guardWebhookRoute();
  if (!guard.ok) return guard.response;
  const { id, deliveryId } = await params;
  const delivery = await getDeliveryDetail(await db(), { agencyId: guard.ctx.agency.id, webhookId: id, deliveryId });
  if (!delivery) return NextResponse.json({ error: "Delivery not found." }, { status: 404 });
  return NextResponse.json(delivery);
}
