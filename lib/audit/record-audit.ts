import type { PrismaClient } from "@/lib/db/generated/client.ts";
import type { AgencyContext } from "@/lib/auth/agency-context.ts";
import { newId } from "@/lib/ids.ts";
import type { AuditAction } from "./audit-actions.ts";

export type AuditDetails = Record<string, string | number | boolean | null | string[]>;

/**
 * One row per change an admin makes: who, what, when. Details carry names and counts,
 * never a secret or a request body.
 */
export async function recordAudit(
  prisma: PrismaClient,
  args: { ctx: AgencyContext; action: AuditAction; webhookId: string; details?: AuditDetails },
): Promise<void> {
  await prisma.auditLog.create({
    data: {
      id: newId("aud"),
      agencyId: args.ctx.agency.id,
      userId: args.ctx.user.id,
      actor: `${args.ctx.user.name} <${args.ctx.user.email}>`,
      action: args.action,
      // Entries about a delivery name the webhook too, so its page lists them.
      targetType: "webhook",
      targetId: args.webhookId,
      details: args.details ?? {},
    },
  });
}
