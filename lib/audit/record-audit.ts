import type { PrismaClient } from "@/lib/db/generated/client.ts";
import type { AgencyContext } from "@/lib/auth/agency-context.ts";
import { newId } from "@/lib/ids.ts";
import type { AuditAction } from "./audit-actions.ts";

export type AuditDetails = Record<string, string | number | boolean | null | string[]>;

/** Who made a change: a signed-in person, or an API key acting for its agency. */
export type AuditActor = { agencyId: string; userId: string | null; label: string };

export function actorOf(ctx: AgencyContext): AuditActor {
  return { agencyId: ctx.agency.id, userId: ctx.user.id, label: `${ctx.user.name} <${ctx.user.email}>` };
}

// "agency": a change across every endpoint (a Retry Failed over all of them); "user": a person's own account.
type Target = { webhookId: string } | { target: { type: "webhook" | "api_key" | "agency" | "user"; id: string } };

/**
 * One row per change an admin (or an API key) makes: who, what, when. Details carry names and
 * counts, never a secret or a request body.
 */
export async function recordAudit(
  prisma: PrismaClient,
  args: ({ ctx: AgencyContext } | { actor: AuditActor }) & Target & { action: AuditAction; details?: AuditDetails },
): Promise<void> {
  const actor = "actor" in args ? args.actor : actorOf(args.ctx);
  // Entries about a delivery name the webhook too, so its page lists them.
  const target = "target" in args ? args.target : { type: "webhook" as const, id: args.webhookId };
  await prisma.auditLog.create({
    data: {
      id: newId("aud"),
      agencyId: actor.agencyId,
      userId: actor.userId,
      actor: actor.label,
      action: args.action,
      targetType: target.type,
      targetId: target.id,
      details: args.details ?? {},
    },
  });
}
