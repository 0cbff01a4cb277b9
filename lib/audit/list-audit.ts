import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { describeAuditAction } from "./audit-actions.ts";

export type AuditEntryView = {
  id: string;
  actor: string;
  action: string;
  summary: string;
  details: Record<string, unknown>;
  createdAt: string;
};

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The newest entries about one webhook (retries of its deliveries included), scoped to the agency. */
export async function listAuditForWebhook(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId: string; limit?: number },
): Promise<AuditEntryView[]> {
  const rows = await prisma.auditLog.findMany({
    where: {
      agencyId: args.agencyId,
      targetType: "webhook",
      targetId: args.webhookId,
    },
    orderBy: { createdAt: "desc" },
    take: args.limit ?? 20,
  });
  return rows.map((row) => ({
    id: row.id,
    actor: row.actor,
    action: row.action,
    summary: describeAuditAction(row.action),
    details: asRecord(row.details),
    createdAt: row.createdAt.toISOString(),
  }));
}
