import { expect } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { emitEventAndDispatch } from "@/lib/events/index.ts";
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

/**
 * `count` failed deliveries (one attempt, HTTP 500, ten minutes ago) of one webhook, each of its
 * own invoice.paid event, written in one statement: an endpoint after an outage.
 */
export async function addFailedDeliveries(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId: string; count: number; prefix: string },
): Promise<void> {
  const prefix = `${args.prefix}_${Date.now()}`;
  await prisma.$executeRaw`
    WITH ev AS (
      INSERT INTO events (id, agency_id, type, data, occurred_at, dispatched_at)
      SELECT ${prefix} || '_evt_' || g, ${args.agencyId}, 'invoice.paid',
             jsonb_build_object('id', g, 'invoice_number', 'INV-' || g, 'client_name', 'Acme', 'amount', 10,
                                'currency', 'USD', 'paid_date', '2026-03-31'),
             now(), now()
        FROM generate_series(1, ${args.count}::int) g RETURNING id)
    INSERT INTO deliveries (id, agency_id, webhook_id, event_id, event_type, status, attempt_count, last_status_code,
                            created_at, updated_at, completed_at)
    SELECT 'dlv_' || ev.id, ${args.agencyId}, ${args.webhookId}, ev.id, 'invoice.paid', 'failed', 1, 500,
           now() - interval '10 minutes', now() - interval '10 minutes', now() - interval '10 minutes'
      FROM ev`;
}

/** Emits a sample event of `type` through the app and waits until `deliveries` of it succeeded. */
export async function emitDelivered(
  prisma: PrismaClient,
  args: { agencyId: string; type: EventType; deliveries: number },
): Promise<string> {
  const { id } = await emitEventAndDispatch(prisma, {
    agencyId: args.agencyId,
    type: args.type,
    data: sampleEventData(args.type),
  });
  await succeededCount(prisma, id, args.deliveries);
  return id;
}

/** Waits until `n` deliveries of the event have succeeded. */
export function succeededCount(prisma: PrismaClient, eventId: string, n: number) {
  return expect
    .poll(() => prisma.delivery.count({ where: { eventId, status: "succeeded" } }), { timeout: 30_000 })
    .toBe(n);
}
