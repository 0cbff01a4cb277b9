import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { config } from "@/lib/config/index.ts";
import { alertErrorText, alertTitle } from "./alert-text.ts";

// Plain JSON for the bell (route handler → browser).
export type NotificationItem = {
  id: string;
  kind: "failing" | "disabling_soon" | "disabled" | "recovered";
  title: string;
  webhookId: string;
  error: string | null;
  disableAt: string | null;
  createdAt: string;
  read: boolean;
};

export type NotificationFeed = { unread: number; items: NotificationItem[] };

type Scope = { userId: string; agencyId: string };

/** The signed-in person's newest notifications in this agency, and how many are unread. */
export async function notificationFeed(prisma: PrismaClient, scope: Scope, limit = 20): Promise<NotificationFeed> {
  const where = { userId: scope.userId, agencyId: scope.agencyId };
  const [rows, unread] = await Promise.all([
    prisma.notification.findMany({
      where,
      include: { alert: true },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
    }),
    prisma.notification.count({ where: { ...where, readAt: null } }),
  ]);
  return {
    unread,
    items: rows.map((n) => ({
      id: n.id,
      kind: n.alert.kind,
      title: alertTitle(n.alert),
      webhookId: n.alert.webhookId,
      error: n.alert.kind === "recovered" ? null : alertErrorText(n.alert),
      disableAt: n.alert.disableAt?.toISOString() ?? null,
      createdAt: n.createdAt.toISOString(),
      read: n.readAt !== null,
    })),
  };
}

/** Marks some (or all) of the person's notifications in this agency read; others' are untouched. */
export async function markNotificationsRead(
  prisma: PrismaClient,
  scope: Scope & { ids?: string[] },
): Promise<{ marked: number }> {
  const { count } = await prisma.notification.updateMany({
    where: {
      userId: scope.userId,
      agencyId: scope.agencyId,
      readAt: null,
      ...(scope.ids ? { id: { in: scope.ids } } : {}),
    },
    data: { readAt: new Date() },
  });
  return { marked: count };
}

/**
 * What the endpoint page's banner says while every delivery fails (null when it does not, or
 * when it is paused: the page shows the reason then): since when, the last error, and when the
 * 5-day rule disables it. The last failed attempt is one index probe, read only while failing.
 */
export async function failingEndpoint(
  prisma: PrismaClient,
  { agencyId, webhook }: { agencyId: string; webhook: { id: string; status: string; failingSince: Date | null } },
): Promise<{ failingSince: string; disableAt: string; lastError: string | null } | null> {
  if (webhook.status !== "active" || !webhook.failingSince) return null;
  const last = await prisma.deliveryAttempt.findFirst({
    where: { webhookId: webhook.id, delivery: { agencyId }, errorClass: { not: null }, trigger: { not: "test" } },
    orderBy: { createdAt: "desc" },
    select: { errorClass: true, responseStatus: true, errorMessage: true },
  });
  return {
    failingSince: webhook.failingSince.toISOString(),
    disableAt: new Date(webhook.failingSince.getTime() + config().autoDisableAfterMs).toISOString(),
    lastError: last
      ? alertErrorText({
          errorClass: last.errorClass,
          statusCode: last.responseStatus,
          errorMessage: last.errorMessage,
        })
      : null,
  };
}
