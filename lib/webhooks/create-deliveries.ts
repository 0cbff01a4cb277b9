import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { newId } from "@/lib/ids.ts";

export type PendingDelivery = { deliveryId: string; webhookId: string; agencyId: string };

/**
 * Fan-out: one Delivery per endpoint of the agency subscribed to the event type. A disabled
 * endpoint is paused, not unsubscribed: its delivery is kept as `paused` and sent when the
 * endpoint is enabled again. The unique (event, endpoint) index makes re-runs harmless:
 * existing rows are kept, and only deliveries still pending are returned to be (re)queued.
 */
export async function createDeliveriesForEvent(
  prisma: PrismaClient,
  args: { agencyId: string; eventId: string },
): Promise<{ found: boolean; deliveries: PendingDelivery[] }> {
  const event = await prisma.event.findFirst({ where: { id: args.eventId, agencyId: args.agencyId } });
  // Test events belong to the one endpoint being tested; never fan them out.
  if (!event || event.isTest) return { found: false, deliveries: [] };
  const webhooks = await prisma.webhook.findMany({
    where: { agencyId: args.agencyId, events: { has: event.type } },
    select: { id: true, status: true },
  });
  await prisma.delivery.createMany({
    data: webhooks.map((w) => ({
      id: newId("dlv"),
      agencyId: args.agencyId,
      webhookId: w.id,
      eventId: event.id,
      eventType: event.type,
      status: w.status === "active" ? ("pending" as const) : ("paused" as const),
    })),
    skipDuplicates: true,
  });
  await prisma.event.updateMany({ where: { id: event.id, dispatchedAt: null }, data: { dispatchedAt: new Date() } });
  const rows = await prisma.delivery.findMany({
    where: { eventId: event.id, agencyId: args.agencyId, status: "pending" },
    select: { id: true, webhookId: true },
    orderBy: { id: "asc" },
  });
  return { found: true, deliveries: rows.map((r) => ({ deliveryId: r.id, webhookId: r.webhookId, agencyId: args.agencyId })) };
}
