import { db, type PrismaClient } from "../db/index.ts";
import { dispatchEvents } from "./dispatch-events.ts";

/**
 * Sends outbox events whose after-commit hand-off never happened (the process died, or the
 * engine was unreachable). Events younger than `olderThanMs` are left to their own send.
 * The Inngest cron `relay-outbox` (every 15 minutes, a step only when an event waits) does the same; the embedded engine also
 * runs this at start-up, so nothing waits for the first cron tick.
 */
export async function relayOutbox(
  opts: { prisma?: PrismaClient; olderThanMs?: number; batch?: number } = {},
): Promise<{ relayed: number }> {
  const prisma = opts.prisma ?? (await db());
  const batch = opts.batch ?? 500;
  let relayed = 0;
  for (;;) {
    const rows = await prisma.event.findMany({
      where: {
        dispatchedAt: null,
        isTest: false,
        createdAt: { lt: new Date(Date.now() - (opts.olderThanMs ?? 5000)) },
      },
      orderBy: { createdAt: "asc" },
      take: batch,
      select: { id: true, agencyId: true },
    });
    if (rows.length === 0) return { relayed };
    const { dispatched } = await dispatchEvents(rows, prisma);
    relayed += dispatched;
    if (dispatched < rows.length || rows.length < batch) return { relayed };
  }
}

/** Whether any outbox event is waiting for the relay: one indexed probe, no row read. */
export async function hasUndispatchedEvents(prisma: PrismaClient, olderThanMs = 5000): Promise<boolean> {
  const row = await prisma.event.findFirst({
    where: { dispatchedAt: null, isTest: false, createdAt: { lt: new Date(Date.now() - olderThanMs) } },
    select: { id: true },
  });
  return row !== null;
}
