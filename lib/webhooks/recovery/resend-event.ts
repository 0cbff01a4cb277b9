import { Prisma, type PrismaClient } from "@/lib/db/generated/client.ts";
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import { newId } from "@/lib/ids.ts";
import { QueueDeliveriesError, queueDeliveriesWithInngest, type QueueDeliveries } from "../queue-deliveries.ts";

export type ResendResult = { deliveries: { deliveryId: string; webhookId: string; resentFromId: string | null }[] };

/**
 * Resend: a new delivery of the event (same event ID, so receivers can still dedupe) to each
 * chosen endpoint (one it went to, or one subscribed to its type: resend-targets.ts), or to
 * every endpoint it was delivered to, sent like a first attempt with the automatic schedule
 * after it. Each new delivery is numbered after the endpoint's earlier ones
 * and points at the one it repeats (the endpoint's original, else the event's first delivery).
 */
export async function resendEvent(
  prisma: PrismaClient,
  args: { actor: AuditActor; eventId: string; webhookIds?: string[]; queue?: QueueDeliveries },
): Promise<ResendResult> {
  const agencyId = args.actor.agencyId;
  const event = await prisma.event.findFirst({ where: { agencyId, id: args.eventId } });
  if (!event) throw new AppError("NOT_FOUND", "This event does not exist, or you do not have access to it.");
  if (event.isTest)
    throw new AppError("CONFLICT", "A test event goes to the endpoint being tested only; send a new test instead.");
  const earlier = await prisma.delivery.findMany({
    where: { agencyId, eventId: event.id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, webhookId: true, resendSeq: true },
  });
  const ids = args.webhookIds?.length ? [...new Set(args.webhookIds)] : [...new Set(earlier.map((d) => d.webhookId))];
  const webhooks = await prisma.webhook.findMany({
    where: { agencyId, id: { in: ids } },
    select: { id: true, status: true, name: true, events: true },
  });
  if (webhooks.length !== ids.length) throw new AppError("NOT_FOUND", "One of the chosen webhooks does not exist.");
  // An endpoint gets only the events it asked for: one it never got and does not subscribe to is refused.
  const unrelated = webhooks.filter(
    (w) => !w.events.includes(event.type) && !earlier.some((d) => d.webhookId === w.id),
  );
  if (unrelated.length)
    throw new AppError(
      "CONFLICT",
      `${unrelated.map((w) => w.name).join(", ")} does not subscribe to ${event.type} and never got this event.`,
    );
  const off = webhooks.filter((w) => w.status !== "active");
  if (off.length)
    throw new AppError(
      "CONFLICT",
      `Enable ${off.map((w) => w.name).join(", ")} first: a disabled webhook gets no deliveries.`,
    );
  if (webhooks.length === 0) throw new AppError("CONFLICT", "This event was not delivered to any webhook; choose one.");

  const created: ResendResult["deliveries"] = [];
  let sending = false;
  try {
    for (const w of webhooks) {
      const mine = earlier.filter((d) => d.webhookId === w.id);
      const resentFromId = (mine.find((d) => d.resendSeq === 0) ?? earlier[0])?.id ?? null;
      const deliveryId = newId("dlv");
      await prisma.delivery.create({
        data: {
          id: deliveryId,
          agencyId,
          webhookId: w.id,
          eventId: event.id,
          eventType: event.type,
          resendSeq: mine.length ? Math.max(...mine.map((d) => d.resendSeq)) + 1 : 0,
          resentFromId,
        },
      });
      created.push({ deliveryId, webhookId: w.id, resentFromId });
    }
    sending = true;
    await (args.queue ?? queueDeliveriesWithInngest)(
      created.map((d) => ({ deliveryId: d.deliveryId, agencyId, webhookId: d.webhookId, eventKey: d.deliveryId })),
    );
  } catch (err) {
    // All or nothing: the deliveries made for this resend whose runs were not started are taken
    // back (no attempt can have touched them), so no row waits in the log for a run that will
    // never come; those queued stay and are sent.
    const queued = err instanceof QueueDeliveriesError ? err.queued : 0;
    const unqueued = created.slice(queued).map((d) => d.deliveryId);
    if (unqueued.length) await prisma.delivery.deleteMany({ where: { agencyId, id: { in: unqueued } } });
    // Two admins resending the same event to the same endpoint at once: one of them wins.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")
      throw new AppError("CONFLICT", "This event is being resent already; look at the log in a moment.");
    if (!sending) throw err;
    await auditResent(prisma, args.actor, event.id, created.slice(0, queued));
    throw new AppError(
      "UNAVAILABLE",
      queued === 0
        ? "The delivery engine did not accept the resend, so nothing was resent. Try again in a moment."
        : `The delivery engine accepted ${queued} of the ${created.length} deliveries; resend to the others again in a moment.`,
    );
  }
  await auditResent(prisma, args.actor, event.id, created);
  return { deliveries: created };
}

async function auditResent(
  prisma: PrismaClient,
  actor: AuditActor,
  eventId: string,
  deliveries: ResendResult["deliveries"],
): Promise<void> {
  for (const d of deliveries)
    await recordAudit(prisma, {
      actor,
      action: "event.resent",
      webhookId: d.webhookId,
      details: { eventId, deliveryId: d.deliveryId, resentFromId: d.resentFromId },
    });
}
