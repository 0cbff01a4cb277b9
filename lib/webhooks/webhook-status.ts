import type { PrismaClient, Webhook } from "@/lib/db/generated/client.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import { LIMITS } from "@/lib/engine/limits.ts";
import { config } from "@/lib/config/index.ts";
import type { AlertError } from "@/lib/alerts/announce-alert.ts";
import { disableWithAlert } from "@/lib/alerts/endpoint-health-alerts.ts";
import { webhookNotFound } from "./webhook-repo.ts";
import { QueueDeliveriesError, queueDeliveriesWithInngest, type QueueDeliveries } from "./queue-deliveries.ts";
import { toWebhookView, type WebhookView } from "./webhook-view.ts";

/**
 * Disable pauses: runs that wake up find the endpoint disabled and park their delivery as
 * `paused`. Enable flips parked deliveries back to pending and starts a run for each, all or
 * nothing: if their runs cannot be started (the engine refuses or does not answer a send), the
 * endpoint goes back to how it was and the deliveries not queued back to `paused`, so the admin
 * sees it still disabled and Enable later resumes them. Left pending, nothing would ever send
 * them (only the stalled-delivery sweep, a day later, would mark them failed).
 */
export async function setWebhookEnabled(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId: string; enabled: boolean; queue?: QueueDeliveries; now?: Date },
): Promise<{ webhook: WebhookView; resumed: number }> {
  const scope = { id: args.webhookId, agencyId: args.agencyId };
  const now = args.now ?? new Date();
  const before = await prisma.webhook.findFirst({
    where: scope,
    select: { status: true, disabledReason: true, disabledAt: true, failingSince: true },
  });
  if (!before) throw webhookNotFound();
  const data = args.enabled
    ? { status: "active" as const, disabledReason: null, disabledAt: null, failingSince: null }
    : { status: "disabled" as const, disabledReason: null, disabledAt: now };
  const { count } = await prisma.webhook.updateMany({ where: scope, data });
  if (count === 0) throw webhookNotFound();
  let resumed = 0;
  if (args.enabled) {
    // One statement flips them all; a second Enable clicked at once waits for its row locks,
    // then finds them pending and flips (and so queues) none of them again.
    const flipped = await prisma.delivery.updateManyAndReturn({
      where: { webhookId: args.webhookId, agencyId: args.agencyId, status: "paused" },
      data: { status: "pending", nextAttemptAt: now },
      select: { id: true },
    });
    try {
      await (args.queue ?? queueDeliveriesWithInngest)(
        flipped.map(({ id }) => ({
          deliveryId: id,
          agencyId: args.agencyId,
          webhookId: args.webhookId,
          eventKey: `${id}-resume-${now.getTime()}`,
        })),
      );
    } catch (err) {
      const queued = err instanceof QueueDeliveriesError ? err.queued : 0;
      await undoEnable(prisma, { scope, before, unqueued: flipped.slice(queued).map(({ id }) => id), now });
      throw new AppError(
        "UNAVAILABLE",
        "The delivery engine did not accept the paused deliveries, so the endpoint was left as it was. Try Enable again in a moment.",
      );
    }
    resumed = flipped.length;
  }
  const row = await prisma.webhook.findFirstOrThrow({ where: scope });
  return { webhook: toWebhookView(row), resumed };
}

/**
 * The endpoint back to its state before Enable (unless someone changed it since), and the
 * deliveries whose runs were not started back to `paused`. Those that were queued run, find the
 * endpoint disabled again and park themselves, as any run does.
 */
async function undoEnable(
  prisma: PrismaClient,
  args: {
    scope: { id: string; agencyId: string };
    before: Pick<Webhook, "status" | "disabledReason" | "disabledAt" | "failingSince">;
    unqueued: string[];
    now: Date;
  },
): Promise<void> {
  await prisma.webhook.updateMany({ where: { ...args.scope, status: "active" }, data: args.before });
  for (let i = 0; i < args.unqueued.length; i += LIMITS.eventsPerSend) {
    await prisma.delivery.updateMany({
      where: {
        id: { in: args.unqueued.slice(i, i + LIMITS.eventsPerSend) },
        agencyId: args.scope.agencyId,
        status: "pending",
        nextAttemptAt: args.now,
      },
      data: { status: "paused", nextAttemptAt: null },
    });
  }
}

/** Parks a pending delivery, but only if its endpoint is still not active at this instant. */
export async function pauseIfEndpointDisabled(
  prisma: PrismaClient,
  args: { agencyId: string; deliveryId: string },
): Promise<boolean> {
  const { count } = await prisma.delivery.updateMany({
    where: { id: args.deliveryId, agencyId: args.agencyId, status: "pending", webhook: { status: { not: "active" } } },
    data: { status: "paused", nextAttemptAt: null },
  });
  return count === 1;
}

/**
 * The system's own pause (410 Gone, or days of failure), with the reason admins see; the same
 * statement records the "disabled" alert for the agency's owners and admins.
 */
export async function disableWebhookAutomatically(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId: string; reason: string; now?: Date; error?: AlertError },
): Promise<boolean> {
  return disableWithAlert(prisma, { ...args, now: args.now ?? new Date() });
}

export function failingReason(failingSince: Date): string {
  return `Disabled automatically: every delivery has failed since ${failingSince.toISOString().replace(/\.\d{3}Z$/, "Z")}`;
}

/** Endpoints with no success for `afterMs` (5 days by default) are paused, across agencies (cron). */
export async function autoDisableFailingWebhooks(
  prisma: PrismaClient,
  args: { afterMs?: number; now?: Date } = {},
): Promise<number> {
  const now = args.now ?? new Date();
  const cutoff = new Date(now.getTime() - (args.afterMs ?? config().autoDisableAfterMs));
  const failing = await prisma.webhook.findMany({
    where: { status: "active", failingSince: { lte: cutoff } },
    select: { id: true, agencyId: true, failingSince: true },
  });
  let disabled = 0;
  for (const w of failing) {
    if (
      w.failingSince &&
      (await disableWebhookAutomatically(prisma, {
        agencyId: w.agencyId,
        webhookId: w.id,
        reason: failingReason(w.failingSince),
        now,
      }))
    ) {
      disabled++;
    }
  }
  return disabled;
}
