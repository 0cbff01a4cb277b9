import { NextResponse } from "next/server";
import { managerRoute } from "@/lib/http/define-route.ts";
import { listDeliveries } from "@/lib/webhooks/logs/list-deliveries.ts";
import { parseLogQuery } from "@/lib/webhooks/logs/log-query.ts";
import { getWebhook } from "@/lib/webhooks/webhook-repo.ts";

export const dynamic = "force-dynamic";

/** One page of a webhook's delivery log: ?status=&eventType=&eventId=&cursor=&limit= */
export const GET = managerRoute<{ id: string }>(async (request, { prisma, agencyId, params }) => {
  // Another agency's webhook answers exactly like a missing one (404).
  await getWebhook(prisma, { agencyId, webhookId: params.id });
  const query = parseLogQuery(request.nextUrl.searchParams);
  return NextResponse.json(await listDeliveries(prisma, { agencyId, webhookId: params.id, query }));
});
