import { NextResponse } from "next/server";
import { managerRoute } from "@/lib/http/define-route.ts";
import { parseAgencyLogQuery } from "@/lib/webhooks/logs/agency-log-query.ts";
import { listAgencyDeliveries } from "@/lib/webhooks/logs/list-agency-deliveries.ts";

export const dynamic = "force-dynamic";

/** One page of the agency's deliveries across every endpoint: ?webhookId=&eventType=&status=&statusCode=&from=&to=&eventId=&q=&cursor=&limit= */
export const GET = managerRoute(async (request, { prisma, agencyId }) => {
  const query = parseAgencyLogQuery(request.nextUrl.searchParams);
  return NextResponse.json(await listAgencyDeliveries(prisma, { agencyId, query }));
});
