import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { db, type PrismaClient } from "@/lib/db/index.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import { assertStorable, assertStorableSearchParams } from "@/lib/validation/storable-input.ts";
import { apiErrorBody, toApiError } from "./api-error.ts";
import { apiPrincipal, requireScope, type ApiPrincipal } from "./api-principal.ts";
import type { Endpoint } from "./define-endpoint.ts";
import { claimIdempotencyKey, releaseIdempotencyKey, requestFingerprint, settleIdempotencyKey } from "./idempotency.ts";
import { consumeRateLimit, rateLimitHeaders } from "./rate-limit.ts";
import { parseJsonBody, readBodyText } from "./read-body.ts";

// Exclude: an optional property's type includes undefined, which would make every field optional.
type Out<S> = [Exclude<S, undefined>] extends [never] ? undefined : z.output<Exclude<S, undefined> & z.ZodType>;
type In<S> = [Exclude<S, undefined>] extends [never] ? undefined : z.input<Exclude<S, undefined> & z.ZodType>;
// Only the headers the endpoint declares (and so documents) can be set.
type HeaderName<H> = [Exclude<H, undefined>] extends [never] ? never : keyof Exclude<H, undefined> & string;

export type ApiContext<E extends Endpoint> = {
  /** Not opened for public operations. */
  prisma: E["access"] extends "public" ? null : PrismaClient;
  /** Null only on public operations. */
  principal: E["access"] extends "public" ? null : ApiPrincipal;
  params: Out<E["params"]>;
  query: Out<E["query"]>;
  body: Out<E["body"]>;
  request: NextRequest;
  /** Sets a header the endpoint declares in `success.headers` on its success answer (and its replays). */
  setHeader: (name: HeaderName<E["success"]["headers"]>, value: string) => void;
};

type RouteHandler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const DEFAULT_MAX_BODY = 64 * 1024;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return status === 204 ? new NextResponse(null, { status, headers }) : NextResponse.json(body, { status, headers });
}

/**
 * The /api/v1 boundary, the one place that authenticates, checks the scope and the rate limit,
 * reads and parses params, query and body with the endpoint's schemas (unknown fields refused),
 * replays Idempotency-Key answers and maps every error to `{ error: { code, message, field } }`.
 */
export function apiRoute<E extends Endpoint>(
  endpoint: E,
  handler: (context: ApiContext<E>) => Promise<In<E["success"]["schema"]>>,
): RouteHandler {
  return async (request, context) => {
    let headers: Record<string, string> = {};
    let claimed: { principal: string; key: string } | null = null;
    // Public operations (the documents, the catalog) never open the database: they are built statically.
    const prisma = endpoint.access === "public" ? null : await db();
    try {
      const rawParams = await context.params;
      // Before anything reads them (the event key in the path authenticates): NUL or a lone
      // surrogate in a path or query value is a 400 naming it, never a query that fails.
      assertStorable(rawParams, "path");
      assertStorableSearchParams(request.nextUrl.searchParams);
      let principal: ApiPrincipal | null = null;
      if (prisma) {
        principal =
          endpoint.access === "event-key"
            ? await apiPrincipal(prisma, withBearer(request, rawParams.eventKey ?? ""))
            : await apiPrincipal(prisma, request);
        const rate = await consumeRateLimit(prisma, principal.id);
        headers = rateLimitHeaders(rate);
        if (rate.exceeded)
          throw new AppError("RATE_LIMITED", `Too many requests for this key: at most ${rate.limit} a minute.`);
        const access = endpoint.access as Exclude<Endpoint["access"], "public">;
        requireScope(principal, access === "event-key" ? "events:emit" : access);
      }
      const params = endpoint.params ? endpoint.params.parse(rawParams) : undefined;
      const query = endpoint.query
        ? endpoint.query.strict().parse(Object.fromEntries(request.nextUrl.searchParams))
        : undefined;
      if (!endpoint.query && request.nextUrl.searchParams.size > 0)
        throw new AppError("INVALID_INPUT", "This operation takes no query parameters.");
      const text = endpoint.body ? await readBodyText(request, endpoint.maxBodyBytes ?? DEFAULT_MAX_BODY) : "";
      const body = endpoint.body ? endpoint.body.parse(parseJsonBody(text)) : undefined;

      const idempotencyKey = request.headers.get("idempotency-key");
      if (prisma && principal && endpoint.method === "post" && idempotencyKey !== null) {
        const claim = await claimIdempotencyKey(prisma, {
          principal: principal.id,
          key: idempotencyKey,
          fingerprint: requestFingerprint("POST", request.nextUrl.pathname, text),
        });
        if (claim.kind === "replay")
          return json(claim.status, claim.body, { ...headers, ...claim.headers, "Idempotent-Replayed": "true" });
        claimed = { principal: principal.id, key: idempotencyKey };
      }
      const own: Record<string, string> = {};
      const setHeader: ApiContext<E>["setHeader"] = (name, value) => {
        own[name] = value;
      };
      const result = await handler({ prisma, principal, params, query, body, request, setHeader } as ApiContext<E>);
      const status = endpoint.success.status;
      if (prisma && claimed) await settleIdempotencyKey(prisma, { ...claimed, status, body: result, headers: own });
      return json(status, result, { ...headers, ...own });
    } catch (err) {
      const known = toApiError(err);
      if (known) {
        // A refusal is an answer too: the same request with the same key gets it again.
        if (prisma && claimed)
          await settleIdempotencyKey(prisma, { ...claimed, status: known.status, body: known.body });
        return json(known.status, known.body, headers);
      }
      if (prisma && claimed) await releaseIdempotencyKey(prisma, claimed).catch(() => undefined);
      console.error(`[api] ${request.method} ${request.nextUrl.pathname} failed:`, (err as Error)?.message);
      return json(500, apiErrorBody("internal", "Something went wrong on our side. Try again."), headers);
    }
  };
}

/** Inngest's SDK sends the event key in the path (`/e/<key>`): read it as the Bearer key. */
function withBearer(request: NextRequest, key: string): Request {
  // Not a token's characters (a path can carry anything): no key, refused as one.
  if (!/^[\x21-\x7e]{1,512}$/.test(key)) throw new AppError("UNAUTHENTICATED", "Invalid API key.");
  const headers = new Headers(request.headers);
  headers.set("authorization", `Bearer ${key}`);
  return new Request(request.url, { method: request.method, headers });
}
