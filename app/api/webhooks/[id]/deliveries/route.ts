import { NextResponse, type NextRequest } from "next/server";
import { guardWebhookRoute } from "@/lib/auth/route-guard.ts";
import { db } from "@/lib/db/index.ts";
import { listDeliveries } from "@/lib/webhooks/logs/list-deliveries.ts";
import { InvalidCursorError } from "@/lib/webhooks/logs/log-cursor.ts";
import { parseLogQuery } from "@/lib/webhooks/logs/log-query.ts";
import { getWebhook } from "@/lib/webhooks/webhook-repo.ts";

export const dynamic = "force-dynamic";

/** One page of a webhook's delivery log: ?status=&eventType=&eventId=&cursor=&limit= */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const guard = await guardWebhookRoute();
  if (!guard.ok) return guard.response;
  const { id } = await params;
  const prisma = await db();
  const agencyId = guard.ctx.agency.id;
  // Another agency's webhook answers exactly like a missing one.
  if (!(await getWebhook(prisma, { agencyId, webhookId: id }))) {
    return NextResponse.json({ error: "Webhook not found." }, { status: 404 });
  }
  const parsed = parseLogQuery(request.nextUrl.searchParams);
  if (!parsed.ok) return NextResponse.json({ error: parsed.error }, { status: 400 });
  try {
    const page = await listDeliveries(prisma, { agencyId, webhookId: id, query: parsed.query });
    return NextResponse.json(page);
  } catch (err) {
    if (err instanceof InvalidCursorError) return NextResponse.json({ error: err.message }, { status: 400 });
    throw err;
  }
}
