import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import { newId } from "@/lib/ids.ts";
import { attemptDelivery, type AttemptMade, type DeliveryOptions } from "./attempt-delivery.ts";
import { isEventType, parseEventData, sampleEventData } from "./event-catalog.ts";
import { getWebhook } from "./webhook-repo.ts";

/**
 * Test: the chosen event's sample (or the admin's edited data, validated) goes to this
 * one endpoint only, signed like a real delivery, and the response comes back at once.
 */
export async function sendTestPayload(
  prisma: PrismaClient,
  args: DeliveryOptions & { agencyId: string; webhookId: string; eventType: string; data?: unknown },
): Promise<AttemptMade> {
  if (!isEventType(args.eventType))
    throw new AppError("INVALID_INPUT", `Unknown event type "${args.eventType}"`, {
      eventType: ["Choose an event type"],
    });
  const parsed =
    args.data === undefined
      ? { ok: true as const, data: sampleEventData(args.eventType) }
      : parseEventData(args.eventType, args.data);
  // Validation messages name the field ("data.amount: …"), safe to show.
  if (!parsed.ok) throw new AppError("INVALID_INPUT", parsed.error, { data: [parsed.error] });
  const webhook = await getWebhook(prisma, args);

  const now = new Date();
  const eventId = newId("evt");
  const deliveryId = newId("dlv");
  await prisma.$transaction([
    // dispatchedAt is set so the outbox relay never fans a test out to other endpoints.
    prisma.event.create({
      data: {
        id: eventId,
        agencyId: args.agencyId,
        type: args.eventType,
        data: parsed.data,
        occurredAt: now,
        dispatchedAt: now,
        isTest: true,
      },
    }),
    prisma.delivery.create({
      data: {
        id: deliveryId,
        agencyId: args.agencyId,
        webhookId: webhook.id,
        eventId,
        eventType: args.eventType,
        isTest: true,
      },
    }),
  ]);
  const attempt = await attemptDelivery(prisma, { ...args, deliveryId, trigger: "test" });
  if (attempt.kind !== "attempted") throw new AppError("CONFLICT", attempt.message);
  return attempt;
}
