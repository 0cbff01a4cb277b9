import { NextResponse, type NextRequest } from "next/server";
import { isOperatorToken } from "@/lib/auth/operator-token.ts";
import { guardWebhookRoute } from "@/lib/auth/route-guard.ts";
import { db } from "@/lib/db/index.ts";
import { emitFromRequest, EmitRequestSchema } from "@/lib/events/emit-request.ts";
import { resolveAgency } from "@/lib/events/resolve-agency.ts";
import { route } from "@/lib/http/define-route.ts";

// Event data is capped at 256 KB by emitEvent; the envelope gets some room on top.
const MAX_BODY_BYTES = 300 * 1024;
const TOO_LARGE = Symbol("too large");

/** The body as text, read no further than the cap (a declared or streamed 1 GB body is refused early). */
async function readBody(req: NextRequest): Promise<string | typeof TOO_LARGE> {
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return TOO_LARGE;
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * A browser's cookie-carrying POST must come from this app's own pages: its Origin must name the
 * host the request was sent to (as Next checks server actions). req.nextUrl.origin is not that
 * host behind `next start -H` or a proxy, so the Host / X-Forwarded-Host header is the reference.
 */
function isSameOrigin(req: NextRequest): boolean {
  if (req.headers.get("sec-fetch-site") === "cross-site") return false;
  const origin = req.headers.get("origin");
  if (!origin) return true;
  const host = req.headers.get("x-forwarded-host")?.split(",")[0].trim() || req.headers.get("host");
  try {
    return Boolean(host) && new URL(origin).host === host;
  } catch {
    return false;
  }
}

// POST /api/events — emit an event through the running app (npm run emit, QA suites).
// An owner/admin session emits for its own agency; the local operator token may name one.
export const POST = route(async (req) => {
  const bearer = req.headers.get("authorization")?.replace(/^Bearer\s+/i, "");
  let agencyId: string | undefined;
  if (!bearer) {
    if (!isSameOrigin(req))
      return NextResponse.json({ error: "Cross-origin requests are not allowed." }, { status: 403 });
    const guard = await guardWebhookRoute();
    if (!guard.ok) return guard.response;
    agencyId = guard.ctx.agency.id;
  } else if (!isOperatorToken(bearer)) {
    return NextResponse.json({ error: "Invalid token." }, { status: 401 });
  }

  const body = await readBody(req);
  if (body === TOO_LARGE)
    return NextResponse.json(
      { error: `The request body is over ${MAX_BODY_BYTES / 1024} KB (event data may be at most 256 KB).` },
      { status: 413 },
    );
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
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
