import type { Event, PrismaClient } from "@/lib/db/generated/client.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import { decodeCursor, encodeCursor } from "@/lib/webhooks/logs/log-cursor.ts";
import type { DeliveryStatusName } from "@/lib/webhooks/logs/log-query.ts";
import type { EventType } from "@/lib/webhooks/event-catalog.ts";
import { orderedEventData } from "@/lib/webhooks/webhook-payload.ts";

export type EventView = {
  id: string;
  type: EventType;
  occurredAt: string;
  createdAt: string;
  data: Record<string, unknown>;
  deliveries: { id: string; webhookId: string; status: DeliveryStatusName; attemptCount: number }[];
};

type Row = Event & {
  deliveries: { id: string; webhookId: string; status: DeliveryStatusName; attemptCount: number }[];
};
const withDeliveries = {
  deliveries: {
    select: { id: true, webhookId: true, status: true, attemptCount: true },
    orderBy: { createdAt: "asc" },
  },
} as const;

function toEventView(row: Row): EventView {
  return {
    id: row.id,
    // Only catalog types are ever written (emitEvent checks).
    type: row.type as EventType,
    occurredAt: row.occurredAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    data: orderedEventData(row.type, row.data) as Record<string, unknown>,
    deliveries: row.deliveries,
  };
}

/** The agency's emitted events (tests excluded), newest first, with their deliveries so far. */
export async function listEvents(
  prisma: PrismaClient,
  args: { agencyId: string; type?: string; cursor?: string; limit: number },
): Promise<{ items: EventView[]; nextCursor: string | null }> {
  const before = args.cursor ? decodeCursor(args.cursor) : null;
  const rows = await prisma.event.findMany({
    where: {
      agencyId: args.agencyId,
      isTest: false,
      ...(args.type ? { type: args.type } : {}),
      ...(before
        ? { OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: args.limit + 1,
    include: withDeliveries,
  });
  const page = rows.slice(0, args.limit);
  const last = page.at(-1);
  return {
    items: page.map(toEventView),
    nextCursor: rows.length > args.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}

/** One event of the agency (an ID is the agency's own: another agency's is simply not there). */
export async function getEvent(prisma: PrismaClient, args: { agencyId: string; eventId: string }): Promise<EventView> {
  const row = await prisma.event.findFirst({
    where: { agencyId: args.agencyId, id: args.eventId, isTest: false },
    include: withDeliveries,
  });
  if (!row) throw new AppError("NOT_FOUND", "No event with this ID.");
  return toEventView(row);
}
