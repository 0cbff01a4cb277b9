import { NextResponse } from "next/server";
import { managerRoute } from "@/lib/http/define-route.ts";
import { resendTargetsOfDelivery } from "@/lib/webhooks/recovery/resend-targets.ts";

export const dynamic = "force-dynamic";

/** The webhooks a delivery's event can be resent to, for the delivery sheet's picker. */
export const GET = managerRoute<{ id: string; deliveryId: string }>(async (_request, { prisma, agencyId, params }) =>
  NextResponse.json({
    targets: await resendTargetsOfDelivery(prisma, { agencyId, webhookId: params.id, deliveryId: params.deliveryId }),
  }),
);
