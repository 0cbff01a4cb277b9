import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { AppError } from "@/lib/errors/app-error.ts";

export type ResendTarget = {
  webhookId: string;
  name: string;
  /** Only an active webhook can be resent to. */
  active: boolean;
  /** The event was delivered to it before. */
  delivered: boolean;
  /** It subscribes to the event's type now. */
  subscribed: boolean;
};

/**
 * Where an event can be resent: the webhooks it was delivered to and those subscribed to its
 * type now (an endpoint added after the event can be given it). Another agency's event, or a
 * test event, answers like a missing one.
 */
export async function resendTargets(
  prisma: PrismaClient,
  args: { agencyId: string; eventId: string },
): Promise<ResendTarget[]> {
  const event = await prisma.event.findFirst({
    where: { agencyId: args.agencyId, id: args.eventId, isTest: false },
    select: { id: true, type: true },
  });
  if (!event) throw new AppError("NOT_FOUND", "This event does not exist, or you do not have access to it.");
  const webhooks = await prisma.webhook.findMany({
    where: {
      agencyId: args.agencyId,
      OR: [{ events: { has: event.type } }, { deliveries: { some: { eventId: event.id } } }],
    },
    select: {
      id: true,
      name: true,
      status: true,
      events: true,
      deliveries: { where: { eventId: event.id }, take: 1, select: { id: true } },
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  return webhooks.map((w) => ({
    webhookId: w.id,
    name: w.name,
    active: w.status === "active",
    delivered: w.deliveries.length > 0,
    subscribed: w.events.includes(event.type),
  }));
}

/** resendTargets of a delivery's event (the delivery sheet knows the delivery). */
export async function resendTargetsOfDelivery(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId: string; deliveryId: string },
): Promise<ResendTarget[]> {
  const delivery = await prisma.delivery.findFirst({
    where: { id: args.deliveryId, agencyId: args.agencyId, webhookId: args.webhookId },
    select: { eventId: true },
  });
  if (!delivery) throw new AppError("NOT_FOUND", "Delivery not found.");
  return resendTargets(prisma, { agencyId: args.agencyId, eventId: delivery.eventId });
}
