import { inngest } from "../inngest/client.ts";
import { eventCreated } from "../inngest/events.ts";
import { db, type PrismaClient } from "../db/index.ts";
import { queryPrepared, statement } from "../db/prepared-statements.ts";
import { createClientBatcher } from "../db/statement-batcher.ts";
import {
  outboxRow,
  writeOutboxRows,
  type EmitEventInput,
  type EventWriter,
  type OutboxRow,
  type WrittenEvent,
} from "./emit-event.ts";
import type { EventType } from "../webhooks/event-catalog.ts";

/** An outbox event: its ID is unique within its agency only. */
export type EventRef = { agencyId: string; id: string };

/**
 * Fans committed events out in this process instead of handing them to the engine as
 * `webhooks/event.created` (lib/webhooks/fan-out-in-process.ts). Registered by the app's
 * embedded engine while it runs here (on globalThis: Next loads modules more than once);
 * without one (Inngest, or an engine of another process) the events are sent.
 */
export type FanOutInProcess = (client: PrismaClient, events: EventRef[]) => Promise<void>;

const handOff = globalThis as unknown as { __agencyFanOutInProcess?: FanOutInProcess };

export function setFanOutInProcess(fanOut: FanOutInProcess | undefined): void {
  handOff.__agencyFanOutInProcess = fanOut;
}

/**
 * Hands committed outbox events to the engine (`webhooks/event.created`), or fans them out in
 * this process where the app's embedded engine runs here (setFanOutInProcess), and marks them
 * dispatched. The Inngest event id is the agency and the event's ID together (IDs are unique
 * per agency only), so a repeat send starts nothing new. Never throws: an event that could not
 * be sent stays for the outbox relay.
 *
 * Concurrent calls share their work (group commit, lib/db/statement-batcher.ts): emits that
 * arrive while a dispatch is under way leave together, one SELECT, one send and one UPDATE for
 * all of them, instead of three round trips and an SDK send per emit.
 */
export async function dispatchEvents(refs: EventRef[], prisma?: PrismaClient): Promise<{ dispatched: number }> {
  return dispatch(
    refs.map((r) => ({ ...r, written: false })),
    prisma,
  );
}

/**
 * dispatchEvents after writeOutboxRows: the events it inserted (`written`: they exist, are not
 * test events and were not dispatched) are sent without first being looked up, one statement
 * less per dispatch, that is per emit at low rates; a repeated id, which inserted nothing, is
 * looked up (sent if it still needs to be). The relay may send a fresh one meanwhile: the
 * engine starts nothing for an event id it has seen.
 */
function dispatchAfterWrite(
  refs: EventRef[],
  written: WrittenEvent[],
  prisma: PrismaClient,
): Promise<{ dispatched: number }> {
  const fresh = new Set(written.map((w) => refKey(w.agency_id, w.id)));
  return dispatch(
    refs.map((r) => ({ ...r, written: fresh.has(refKey(r.agencyId, r.id)) })),
    prisma,
  );
}

type DispatchItem = EventRef & { written: boolean };

/** An outbox event's key in this process: IDs are unique per agency only. */
const refKey = (agencyId: string, id: string) => `${agencyId} ${id}`;

async function dispatch(items: DispatchItem[], prisma?: PrismaClient): Promise<{ dispatched: number }> {
  if (items.length === 0) return { dispatched: 0 };
  try {
    const client = prisma ?? (await db());
    const sent = await Promise.all(items.map((item) => dispatchBatched(client, item)));
    return { dispatched: sent.filter(Boolean).length };
  } catch (err) {
    console.warn(
      `[events] dispatch of ${items.length} event(s) deferred to the outbox relay: ${(err as Error).message}`,
    );
    return { dispatched: 0 };
  }
}

// One dispatch in flight (two, under load): the calls that arrive meanwhile wait for it and go
// together, so at 200 emits/s most sends carry several events; a lone emit never waits.
const dispatchBatched = createClientBatcher(dispatchMany, (r: DispatchItem) => refKey(r.agencyId, r.id), {
  maxInFlight: 2,
});

// Prepared statements: this runs for every emit (the ORM calls cost more CPU than the work).
const UNDISPATCHED = statement(
  "dispatch-undispatched-events",
  `
    SELECT e.id, e.agency_id FROM events e
      JOIN (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r("agencyId" text, id text) LIMIT $2) r
        ON e.agency_id = r."agencyId" AND e.id = r.id
     WHERE e.dispatched_at IS NULL AND NOT e.is_test`,
);
// SKIP LOCKED: the fan-out this send started marks the same rows (and a relay's dispatch may
// overlap an emit's); each statement locking them in its own order deadlocked under load. A
// row another statement holds is being marked by it.
const MARK_DISPATCHED = statement(
  "dispatch-mark-dispatched",
  `
    UPDATE events e SET dispatched_at = now()
      FROM (SELECT l.agency_id, l.id FROM events l
              JOIN (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r("agencyId" text, id text) LIMIT $2) r
                ON l.agency_id = r."agencyId" AND l.id = r.id
             WHERE l.dispatched_at IS NULL FOR NO KEY UPDATE OF l SKIP LOCKED) l
     WHERE e.agency_id = l.agency_id AND e.id = l.id`,
);

async function dispatchMany(client: PrismaClient, refs: DispatchItem[]): Promise<boolean[]> {
  // Only the events not known to be fresh are looked up (still undispatched, not a test).
  const unknown = refs.filter((r) => !r.written);
  const rows: { id: string; agency_id: string }[] =
    unknown.length === 0
      ? []
      : await queryPrepared<{ id: string; agency_id: string }>(client, UNDISPATCHED, [
          JSON.stringify(unknown.map(({ agencyId, id }) => ({ agencyId, id }))),
          unknown.length,
        ]);
  for (const r of refs) if (r.written) rows.push({ id: r.id, agency_id: r.agencyId });
  if (rows.length === 0) return refs.map(() => false);
  const events: EventRef[] = rows.map((r) => ({ agencyId: r.agency_id, id: r.id }));
  const fanOut = handOff.__agencyFanOutInProcess;
  if (fanOut) await fanOut(client, events);
  else
    await inngest.send(
      events.map((e) =>
        eventCreated.create({ eventId: e.id, agencyId: e.agencyId }, { id: inngestEventId(e.agencyId, e.id) }),
      ),
    );
  // Only now: a fan-out in this process whose send failed leaves its events to the relay.
  await queryPrepared(client, MARK_DISPATCHED, [JSON.stringify(events), events.length]);
  const done = new Set(rows.map((r) => refKey(r.agency_id, r.id)));
  return refs.map((r) => done.has(refKey(r.agencyId, r.id)));
}

/** The engine's dedupe key for an outbox event. */
export function inngestEventId(agencyId: string, eventId: string): string {
  return `${agencyId}:${eventId}`;
}

/**
 * emitEvent on its own, then the hand-off. The outbox write is a single INSERT, atomic by
 * itself, so no interactive transaction is needed (under load those fail to start: P2028);
 * the row it gives back is handed over without being looked up again.
 */
export async function emitEventAndDispatch<T extends EventType>(
  prisma: PrismaClient,
  input: EmitEventInput<T>,
): Promise<{ id: string }> {
  const row = outboxRow(input);
  const written = await writeOutboxRows(prisma, [row]);
  await dispatchAfterWrite([{ agencyId: row.agency_id, id: row.id }], written, prisma);
  return { id: row.id };
}

/**
 * For callers that own the transaction: `emit` writes events in it; they are dispatched only
 * after the transaction commits, and never if it rolls back. `emit` checks the event at once
 * and gives its id; the transaction's events are written together when `work` returns (so
 * `work` itself does not read them back from the events table).
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
  const refs: EventRef[] = [];
  let written: WrittenEvent[] = [];
  const result = await prisma.$transaction(async (tx) => {
    // Each emit is checked at once (a bad event throws where it was emitted); the rows are
    // written together when `work` is done, still in its transaction (writeOutboxRows).
    const rows: OutboxRow[] = [];
    const out = await work(tx, async (input) => {
      const row = outboxRow(input);
      rows.push(row);
      refs.push({ agencyId: row.agency_id, id: row.id });
      return { id: row.id };
    });
    written = await writeOutboxRows(tx, rows);
    return out;
  });
  await dispatchAfterWrite(refs, written, prisma);
  return result;
}
