import "server-only";
import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { canManageWebhooks, type AgencyContext } from "@/lib/auth/agency-context.ts";
import { requireContext } from "@/lib/auth/session.ts";
import { db, type PrismaClient } from "@/lib/db/index.ts";
import { AppError, invalidInput } from "@/lib/errors/app-error.ts";
import { assertStorable } from "@/lib/validation/storable-input.ts";
import type { ActionResult } from "./action-result.ts";

// Hand-written rather than next-safe-action: this is the whole builder, and it returns the
// ActionResult the forms and the access suite already read, where the library's result
// ({ data, serverError, validationErrors }) would need a second mapping on every caller.

/** Who may call: anyone (sign-in, setup), any signed-in member, or owners and admins. */
export type Access = "public" | "member" | "manager";

export type SignedInContext = { prisma: PrismaClient; ctx: AgencyContext; agencyId: string };
export type ActionContext<A extends Access> = A extends "public" ? { prisma: PrismaClient } : SignedInContext;

export type ActionSpec<S extends z.ZodType> = {
  /** Names the action in logs (never its input: it can hold a password or a secret). */
  name: string;
  input: S;
  /** The sentence above the fields when the input is refused. */
  invalidMessage?: string;
  /** Pages that show what the action changed, refreshed after it succeeds. */
  revalidate?: (input: z.output<S>) => string[];
};

const UNEXPECTED = "Something went wrong on our side. Try again; if it keeps failing, contact your operator.";
const MANAGERS_ONLY = "Only agency owners and admins can manage webhooks.";

async function contextFor<A extends Access>(access: A): Promise<ActionContext<A>> {
  const prisma = await db();
  if (access === "public") return { prisma } as ActionContext<A>;
  // Signed-out callers are sent to the login page (a redirect, rethrown below).
  const ctx = await requireContext();
  if (access === "manager" && !canManageWebhooks(ctx.role)) throw new AppError("FORBIDDEN", MANAGERS_ONLY);
  return { prisma, ctx, agencyId: ctx.agency.id } as ActionContext<A>;
}

function failure(err: unknown, name: string): ActionResult<never> {
  if (err instanceof z.ZodError) err = invalidInput(err);
  if (err instanceof AppError) return { ok: false, error: err.message, fieldErrors: err.fieldErrors };
  console.error(`[action] ${name} failed:`, err instanceof Error ? `${err.name}: ${err.message}` : "unknown error");
  return { ok: false, error: UNEXPECTED };
}

/**
 * The one way to write a server action: `export const xAction = managerAction(spec, body)`.
 * The builder checks the session, role and agency, parses the input with the spec's schema,
 * runs the body, refreshes the pages it names and maps any error to an ActionResult once.
 * Next's control-flow errors (redirect, notFound, forbidden) pass through untouched.
 */
export function actionBuilder<A extends Access>(access: A) {
  return function defineAction<S extends z.ZodType, T>(
    spec: ActionSpec<S>,
    body: (input: z.output<S>, context: ActionContext<A>) => Promise<T>,
  ): (input: z.input<S>) => Promise<ActionResult<T>> {
    return async (input) => {
      try {
        const context = await contextFor(access);
        const parsed = spec.input.safeParse(input);
        if (!parsed.success) throw invalidInput(parsed.error, spec.invalidMessage);
        // NUL or a lone surrogate in any field the schema let through would fail in the database.
        assertStorable(parsed.data, "input");
        const data = await body(parsed.data, context);
        for (const path of spec.revalidate?.(parsed.data) ?? []) revalidatePath(path);
        return { ok: true, data };
      } catch (err) {
        unstable_rethrow(err);
        return failure(err, spec.name);
      }
    };
  };
}

export const publicAction = actionBuilder("public");
export const memberAction = actionBuilder("member");
export const managerAction = actionBuilder("manager");
