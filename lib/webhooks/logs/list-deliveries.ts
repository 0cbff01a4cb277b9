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
    lastDurationMs: d.lastDurationMs,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    completedAt: d.completedAt?.toISOString() ?? null,
  };
}

/**
 * One page of an endpoint's deliveries, newest first. Keyset pagination on (createdAt, id)
 * keeps pages stable while new deliveries arrive. Throws InvalidCursorError for a bad cursor.
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
    ...(query.eventId ? { eventId: { contains: query.eventId, mode: "insensitive" } } : {}),
    ...(cursor
      ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }
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
