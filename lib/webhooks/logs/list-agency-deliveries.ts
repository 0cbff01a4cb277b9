import { Prisma, type PrismaClient } from "@/lib/db/generated/client.ts";
import type { AgencyLogQuery } from "./agency-log-query.ts";
import { toDeliveryRow } from "./list-deliveries.ts";
import { decodeCursor, encodeCursor, type LogCursor } from "./log-cursor.ts";
import type { DeliveryRow } from "./log-query.ts";

export type AgencyDeliveryRow = DeliveryRow & { webhookId: string; webhookName: string };
export type AgencyDeliveryPage = { items: AgencyDeliveryRow[]; nextCursor: string | null };

// A payload search matching more events than this shows the deliveries of the newest ones.
export const PAYLOAD_MATCH_LIMIT = 1_000;
const WHOLE_EVENT_ID = /^evt_[0-9a-z]{26}$/;

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Events whose payload holds `q` (case-insensitive substring of the JSON text), newest first:
 * answered by the trigram GIN index on (data::text) (migration ..._cross_endpoint_log).
 */
async function eventsWithValue(prisma: PrismaClient, agencyId: string, q: string): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT id FROM events WHERE agency_id = ${agencyId} AND (data::text) ILIKE ${likePattern(q)}
     ORDER BY created_at DESC LIMIT ${PAYLOAD_MATCH_LIMIT}`);
  return rows.map((r) => r.id);
}

/** The filters as a Prisma where (shared by the page and the CSV export). */
export async function agencyLogWhere(
  prisma: PrismaClient,
  agencyId: string,
  query: Omit<AgencyLogQuery, "cursor" | "limit">,
): Promise<Prisma.DeliveryWhereInput> {
  const eventIds = query.q ? await eventsWithValue(prisma, agencyId, query.q) : null;
  const eventId = query.eventId?.trim();
  return {
    agencyId,
    ...(query.webhookId ? { webhookId: query.webhookId } : {}),
    ...(query.eventType ? { eventType: query.eventType } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.statusCode ? { lastStatusCode: query.statusCode } : {}),
    ...(query.from || query.to
      ? {
          createdAt: {
            ...(query.from ? { gte: new Date(query.from) } : {}),
            ...(query.to ? { lte: new Date(query.to) } : {}),
          },
        }
      : {}),
    ...(eventId
      ? { eventId: WHOLE_EVENT_ID.test(eventId) ? eventId : { contains: eventId, mode: "insensitive" as const } }
      : {}),
    ...(eventIds ? { AND: [{ eventId: { in: eventIds } }] } : {}),
  };
}

export function keysetBefore(cursor: LogCursor): Prisma.DeliveryWhereInput {
  // `lte` lets the (agency, createdAt, id) index start at the cursor; the OR breaks ties.
  return {
    AND: [
      { createdAt: { lte: cursor.createdAt } },
      { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] },
    ],
  };
}

/** One page of the agency's deliveries across every endpoint, newest first, keyset-paged like an endpoint's log. */
export async function listAgencyDeliveries(
  prisma: PrismaClient,
  args: { agencyId: string; query: AgencyLogQuery },
): Promise<AgencyDeliveryPage> {
  const { query } = args;
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const where = await agencyLogWhere(prisma, args.agencyId, query);
  const rows = await prisma.delivery.findMany({
    where: cursor ? { AND: [where, keysetBefore(cursor)] } : where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    include: { webhook: { select: { name: true } } },
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((d) => ({ ...toDeliveryRow(d), webhookId: d.webhookId, webhookName: d.webhook.name })),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}
