import { NextResponse, type NextRequest } from "next/server";
import { isOperatorToken } from "@/lib/auth/operator-token.ts";
import { guardWebhookRoute } from "@/lib/auth/route-guard.ts";
import { db } from "@/lib/db/index.ts";
import { emitFromRequest, EmitRequestSchema } from "@/lib/events/emit-request.ts";
import { resolveAgency } from "@/lib/events/resolve-agency.ts";

// POST /api/events — emit an event through the running app (npm run emit, QA suites).
// An owner/admin session emits for its own agency; the local operator token may name one.
export async function POST(req: NextRequest) {
  const bearer = req.headers.get("authorization")?.replace(/^Bearer\s+/i, "");
  let agencyId: string | undefined;
  if (!bearer) {
    const origin = req.headers.get("origin");
    if (origin && origin !== req.nextUrl.origin) return NextResponse.json({ error: "Cross-origin requests are not allowed." }, { status: 403 });
    const guard = await guardWebhookRoute();
    if (!guard.ok) return guard.response;
    agencyId = guard.ctx.agency.id;
  } else if (!isOperatorToken(bearer)) {
    return NextResponse.json({ error: "Invalid token." }, { status: 401 });
  }

  const json = await req.json().catch(() => undefined);
  const parsed = EmitRequestSchema.safeParse(json);
  if (!parsed.success) return NextResponse.json({ error: json === undefined ? "The body must be JSON." : parsed.error.issues[0].message }, { status: 400 });

  const prisma = await db();
  if (!agencyId) {
    const agency = await resolveAgency(prisma, parsed.data.agency);
    if (!agency.ok) return NextResponse.json({ error: agency.error }, { status: 400 });
    agencyId = agency.id;
  }
  const result = await emitFromRequest(prisma, agencyId, parsed.data);
  if (!result.ok) return NextResponse.json({ error: result.error, field: result.field }, { status: 400 });
  return NextResponse.json({ id: result.id }, { status: 201 });
}
