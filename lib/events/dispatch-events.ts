import { inngest } from "../../inngest/client.ts";
import { eventCreated } from "../../inngest/events.ts";
import { db, Prisma, type PrismaClient } from "../db/index.ts";
import { emitEvent, type EmitEventInput, type EventWriter } from "./emit-event.ts";
import type { EventType } from "../webhooks/event-catalog.ts";

/**
 * Hands committed outbox events to the engine (`webhooks/event.created`, with the event's
 * own ID as the Inngest event id, so a repeat send starts nothing new) and marks them
 * dispatched. Never throws: an event that could not be sent stays for the outbox relay.
 */
export async function dispatchEvents(ids: string[], prisma?: PrismaClient): Promise<{ dispatched: number }> {
  if (ids.length === 0) return { dispatched: 0 };
  try {
    const client = prisma ?? (await db());
    // Raw statements: this runs once per emit (the ORM calls cost more CPU than the work).
    const list = JSON.stringify(ids);
    const rows = await client.$queryRaw<{ id: string; agency_id: string }[]>(Prisma.sql`
      SELECT id, agency_id FROM events
       WHERE id IN (SELECT jsonb_array_elements_text(${list}::jsonb)) AND dispatched_at IS NULL AND NOT is_test`);
    if (rows.length === 0) return { dispatched: 0 };
    await inngest.send(rows.map((r) => eventCreated.create({ eventId: r.id, agencyId: r.agency_id }, { id: r.id })));
    await client.$executeRaw(Prisma.sql`
      UPDATE events SET dispatched_at = now()
       WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify(rows.map((r) => r.id))}::jsonb)) AND dispatched_at IS NULL`);
    return { dispatched: rows.length };
  } catch (err) {
    console.warn(`[events] dispatch of ${ids.length} event(s) deferred to the outbox relay: ${(err as Error).message}`);
    return { dispatched: 0 };
  }
}

/**
 * emitEvent on its own, then the hand-off. The outbox write is a single INSERT, atomic by
 * itself, so no interactive transaction is needed (under load those fail to start: P2028).
 */
export async function emitEventAndDispatch<T extends EventType>(
  prisma: PrismaClient,
  input: EmitEventInput<T>,
): Promise<{ id: string }> {
  const { id } = await emitEvent(prisma, input);
  await dispatchEvents([id], prisma);
  return { id };
}

/**
 * For callers that own the transaction: `emit` writes events in it; they are dispatched only
 * after the transaction commits, and never if it rolls back.
 *
 *   await transactionWithEvents(prisma, async (tx, emit) => {
 *     const invoice = await tx.invoice.update(…);
 *     await emit({ agencyId, type: "invoice.paid", data: { … } });
 *   });
 */
export async function transactionWithEvents<R>(
  prisma: PrismaClient,
  work: (
    tx: EventWriter,
    emit: <T extends EventType>(input: EmitEventInput<T>) => Promise<{ id: string }>,
  ) => Promise<R>,
): Promise<R> {
  const ids: string[] = [];
  const result = await prisma.$transaction((tx) =>
    work(tx, async (input) => {
      const emitted = await emitEvent(tx, input);
      ids.push(emitted.id);
      return emitted;
    }),
  );
  await dispatchEvents(ids, prisma);
  return result;
}
