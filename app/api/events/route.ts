import { NextResponse } from "next/server";
import { readBodyText } from "@/lib/api/read-body.ts";
import { isSameOrigin } from "@/lib/api/same-origin.ts";
import { isOperatorToken } from "@/lib/auth/operator-token.ts";
import { guardWebhookRoute } from "@/lib/auth/route-guard.ts";
import { db } from "@/lib/db/index.ts";
import { emitFromRequest, EmitRequestSchema } from "@/lib/events/emit-request.ts";
import { resolveAgency } from "@/lib/events/resolve-agency.ts";
import { route } from "@/lib/http/define-route.ts";
import { assertStorable } from "@/lib/validation/storable-input.ts";

// Event data is capped at 256 KB by emitEvent; the envelope gets some room on top.
const MAX_BODY_BYTES = 300 * 1024;

// POST /api/events — emit an event through the running app (npm run emit, QA suites).
// An owner/admin session emits for its own agency; the local operator token may name one.
export const POST = route(async (req) => {
  const bearer = req.headers.get("authorization")?.replace(/^Bearer\s+/i, "");
  let agencyId: string | undefined;
  if (!bearer) {
    if (!isSameOrigin(req.headers))
      return NextResponse.json({ error: "Cross-origin requests are not allowed." }, { status: 403 });
    const guard = await guardWebhookRoute();
    if (!guard.ok) return guard.response;
    agencyId = guard.ctx.agency.id;
  } else if (!isOperatorToken(bearer)) {
    return NextResponse.json({ error: "Invalid token." }, { status: 401 });
  }

  // Over the cap: TOO_LARGE, which the route boundary answers with 413.
  const body = await readBodyText(req, MAX_BODY_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  // NUL or a lone surrogate anywhere (id, agency, data): a 400 naming the field (the route boundary answers it).
  assertStorable(json);
  const parsed = EmitRequestSchema.safeParse(json);
  if (!parsed.success)
    return NextResponse.json(
      { error: json === undefined ? "The body must be JSON." : parsed.error.issues[0].message },
      { status: 400 },
    );

  const prisma = await db();
  if (!agencyId) {
    const agency = await resolveAgency(prisma, parsed.data.agency);
    if (!agency.ok) return NextResponse.json({ error: agency.error }, { status: 400 });
    agencyId = agency.id;
  }
  const { id } = await emitFromRequest(prisma, agencyId, parsed.data);
  return NextResponse.json({ id }, { status: 201 });
});
