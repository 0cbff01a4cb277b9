import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { guardWebhookRoute } from "@/lib/auth/route-guard.ts";
import type { AgencyContext } from "@/lib/auth/agency-context.ts";
import { db, type PrismaClient } from "@/lib/db/index.ts";
import { AppError, HTTP_STATUS, invalidInput } from "@/lib/errors/app-error.ts";
import { assertStorable, assertStorableSearchParams } from "@/lib/validation/storable-input.ts";

/** A domain error as the JSON a route answers with: `{ error, fieldErrors? }` and its status. */
export function errorResponse(err: AppError): NextResponse {
  return NextResponse.json(
    { error: err.message, ...(err.fieldErrors ? { fieldErrors: err.fieldErrors } : {}) },
    { status: HTTP_STATUS[err.code] },
  );
}

type Handler<P> = (request: NextRequest, context: { params: Promise<P> }) => Promise<Response>;

/**
 * The route boundary: a domain error becomes its status and message once, here; anything
 * else is a bug, logged by name and message and answered with a plain 500.
 */
export function route<P = object>(handler: Handler<P>): Handler<P> {
  return async (request, context) => {
    try {
      // Path and query values that PostgreSQL cannot store (NUL, a lone surrogate) are a 400
      // naming the parameter, before any handler queries with them.
      assertStorable(await context.params, "path");
      assertStorableSearchParams(request.nextUrl.searchParams);
      return await handler(request, context);
    } catch (err) {
      const known = err instanceof z.ZodError ? invalidInput(err) : err;
      if (known instanceof AppError) return errorResponse(known);
      console.error(`[route] ${request.method} ${request.nextUrl.pathname} failed:`, (err as Error)?.message);
      return NextResponse.json({ error: "Something went wrong on our side." }, { status: 500 });
    }
  };
}

export type ManagerRouteContext<P> = { prisma: PrismaClient; ctx: AgencyContext; agencyId: string; params: P };

/** A route for owners and admins of the signed-in agency: 401 signed out, 403 for members. */
export function managerRoute<P = object>(
  handler: (request: NextRequest, context: ManagerRouteContext<P>) => Promise<Response>,
): Handler<P> {
  return route<P>(async (request, { params }) => {
    const guard = await guardWebhookRoute();
    if (!guard.ok) return guard.response;
    return handler(request, {
      prisma: await db(),
      ctx: guard.ctx,
      agencyId: guard.ctx.agency.id,
      params: await params,
    });
  });
}
