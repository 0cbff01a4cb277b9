import type { Delivery, Prisma, PrismaClient } from "@/lib/db/generated/client.ts";
import { decodeCursor, encodeCursor } from "./log-cursor.ts";
import type { DeliveryPage, DeliveryRow, LogQuery } from "./log-query.ts";

export function toDeliveryRow(d: Delivery): DeliveryRow {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    isTest: d.isTest,
    attemptCount: d.attemptCount,
    lastStatusCode: d.lastStatusCode,
    lastErrorClass: d.lastErrorClass,
    failureReason: d.status === "failed" ? d.failureReason : null,
    lastDurationMs: d.lastDurationMs,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    completedAt: d.completedAt?.toISOString() ?? null,
    resentFromId: d.resentFromId,
  };
}

// A whole event ID is looked up exactly (the unique index answers at once); a fragment
// falls back to a substring search.
const WHOLE_EVENT_ID = /^evt_[0-9a-z]{26}$/;

function eventIdFilter(text: string): Prisma.StringFilter {
  const trimmed = text.trim();
  return WHOLE_EVENT_ID.test(trimmed) ? { equals: trimmed } : { contains: trimmed, mode: "insensitive" };
}

/**
 * One page of an endpoint's deliveries, newest first. Keyset pagination on (createdAt, id)
 * keeps pages stable while new deliveries arrive. Throws INVALID_INPUT for a bad cursor.
 */
export async function listDeliveries(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId: string; query: LogQuery },
): Promise<DeliveryPage> {
  const { query } = args;
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const where: Prisma.DeliveryWhereInput = {
    agencyId: args.agencyId,
    webhookId: args.webhookId,
    ...(query.status ? { status: query.status } : {}),
    ...(query.eventType ? { eventType: query.eventType } : {}),
    ...(query.eventId ? { eventId: eventIdFilter(query.eventId) } : {}),
    // The plain `lte` bound lets the (webhook, createdAt, id) index start at the cursor
    // instead of filtering every newer row; the OR then breaks ties within one millisecond.
    ...(cursor
      ? {
          createdAt: { lte: cursor.createdAt },
          OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }],
        }
      : {}),
  };
  const rows = await prisma.delivery.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toDeliveryRow),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}
