import type { Prisma } from "@/lib/db/generated/client.ts";
import type { RetryStatus } from "../retry-ranges.ts";

/** What one Retry Failed takes: an agency's (or one endpoint's) deliveries created in [from, to]. */
export type RetrySelection = {
  agencyId: string;
  webhookId?: string | null;
  from: Date;
  to: Date;
  eventTypes?: string[];
  statuses?: RetryStatus[];
};

/**
 * Deliveries whose last attempt failed: `failed` ones, and `retrying` ones (pending with a next
 * automatic attempt scheduled, which is set only after a failed attempt). Tests and resends of
 * disabled endpoints are left out: a disabled endpoint gets no retries.
 */
export function retryWhere(sel: RetrySelection): Prisma.DeliveryWhereInput {
  const statuses = sel.statuses?.length ? sel.statuses : (["failed", "retrying"] as const);
  return {
    agencyId: sel.agencyId,
    ...(sel.webhookId ? { webhookId: sel.webhookId } : {}),
    isTest: false,
    createdAt: { gte: sel.from, lte: sel.to },
    ...(sel.eventTypes?.length ? { eventType: { in: sel.eventTypes } } : {}),
    webhook: { status: "active" },
    OR: statuses.map((s) =>
      s === "failed" ? { status: "failed" as const } : { status: "pending" as const, nextAttemptAt: { not: null } },
    ),
  };
}
