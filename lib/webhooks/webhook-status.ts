import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { config } from "@/lib/config/index.ts";
import type { AlertError } from "@/lib/alerts/announce-alert.ts";
import { disableWithAlert } from "@/lib/alerts/endpoint-health-alerts.ts";
import { webhookNotFound } from "./webhook-repo.ts";
import { queueDeliveriesWithInngest, type QueueDeliveries } from "./queue-deliveries.ts";
import { toWebhookView, type WebhookView } from "./webhook-view.ts";

/**
 * Disable pauses: runs that wake up find the endpoint disabled and park their delivery as
 * `paused`. Enable flips parked deliveries back to pending and starts a run for each.
 */
export async function setWebhookEnabled(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId: string; enabled: boolean; queue?: QueueDeliveries; now?: Date },
): Promise<{ webhook: WebhookView; resumed: number }> {
  const scope = { id: args.webhookId, agencyId: args.agencyId };
  const now = args.now ?? new Date();
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
    await (args.queue ?? queueDeliveriesWithInngest)(
      flipped.map(({ id }) => ({
        deliveryId: id,
        agencyId: args.agencyId,
        webhookId: args.webhookId,
        eventKey: `${id}-resume-${now.getTime()}`,
      })),
    );
    resumed = flipped.length;
  }
  const row = await prisma.webhook.findFirstOrThrow({ where: scope });
  return { webhook: toWebhookView(row), resumed };
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
