import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { newId } from "@/lib/ids.ts";
import { sampleEventData, type EventType } from "@/lib/webhooks/event-catalog.ts";
import { createWebhook } from "@/lib/webhooks/webhook-repo.ts";
import type { CreateWebhookInput } from "@/lib/webhooks/webhook-input.ts";

export async function createAgency(prisma: PrismaClient, name = "Studio North"): Promise<string> {
  const id = newId("agy");
  await prisma.agency.create({ data: { id, name, slug: id } });
  return id;
}

/** A webhook through the real domain function (private URLs allowed: receivers are on 127.0.0.1). */
export async function addWebhook(
  prisma: PrismaClient,
  agencyId: string,
  input: Partial<CreateWebhookInput> & { url: string },
): Promise<{ id: string; secret: string }> {
  const result = await createWebhook(prisma, {
    agencyId,
    allowPrivateUrls: true,
    input: { name: "Receiver", events: ["invoice.paid"], ...input },
  });
  return { id: result.webhook.id, secret: result.secret };
}

/** An outbox row as emitEvent would write it. */
export async function addEvent(
  prisma: PrismaClient,
  agencyId: string,
  type: EventType = "invoice.paid",
  data?: unknown,
): Promise<string> {
  const id = newId("evt");
  await prisma.event.create({
    data: {
      id,
      agencyId,
      type,
      data: (data ?? sampleEventData(type)) as object,
      occurredAt: new Date("2026-03-31T12:00:00Z"),
    },
  });
  return id;
}

/** An event plus its delivery to one webhook, ready for the deliver function. */
export async function addDelivery(
  prisma: PrismaClient,
  agencyId: string,
  webhookId: string,
  type: EventType = "invoice.paid",
) {
  const eventId = await addEvent(prisma, agencyId, type);
  const deliveryId = newId("dlv");
  await prisma.delivery.create({ data: { id: deliveryId, agencyId, webhookId, eventId, eventType: type } });
  return { eventId, deliveryId };
}
