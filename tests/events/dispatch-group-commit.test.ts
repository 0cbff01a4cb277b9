import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setEngineEndpoint } from "@/lib/engine/embedded-fetch.ts";
import {
  dispatchEvents,
  emitEvent,
  emitEventAndDispatch,
  inngestEventId,
  transactionWithEvents,
} from "@/lib/events/index.ts";
import { sampleEventData } from "@/lib/webhooks/event-catalog.ts";
import { createDeliveriesForEvents } from "@/lib/webhooks/create-deliveries.ts";
import { addWebhook } from "../webhooks/support/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

// The engine's event API as the SDK client reaches it in-process, recording every send.
const sends: { id: string }[][] = [];
const recorder = {
  async handleApiRequest(req: Request): Promise<Response> {
    const events = (await req.json()) as { id: string }[];
    sends.push(events);
    return Response.json({ ids: events.map((e) => e.id), status: 200 });
  },
};

describe("dispatch after emit is group-committed", () => {
  let database: TestDatabase;
  const agencyId = "agc_dispatch";

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.prisma.agency.create({ data: { id: agencyId, name: "Acme", slug: "acme" } });
    setEngineEndpoint(recorder);
  });
  afterAll(async () => {
    setEngineEndpoint(undefined);
    await database?.drop();
  });

  it("20 concurrent dispatches leave in a few sends, each event once, all marked dispatched", async () => {
    const refs = [];
    for (let i = 0; i < 20; i++)
      refs.push({
        agencyId,
        ...(await emitEvent(database.prisma, {
          agencyId,
          type: "invoice.paid",
          data: sampleEventData("invoice.paid"),
        })),
      });
    const results = await Promise.all(refs.map((ref) => dispatchEvents([ref], database.prisma)));

    expect(results.map((r) => r.dispatched)).toEqual(refs.map(() => 1));
    const sentIds = sends.flat().map((e) => e.id);
    expect(sentIds.sort()).toEqual(refs.map((r) => inngestEventId(r.agencyId, r.id)).sort());
    // Two go out at once; the 18 that arrived meanwhile share the sends after them.
    expect(sends.length).toBeLessThanOrEqual(4);
    const rows = await database.prisma.event.findMany({ where: { agencyId }, select: { dispatchedAt: true } });
    expect(rows.every((r) => r.dispatchedAt !== null)).toBe(true);

    // Dispatching them again sends nothing: they are marked.
    const before = sends.length;
    expect(await dispatchEvents(refs, database.prisma)).toEqual({ dispatched: 0 });
    expect(sends.length).toBe(before);
  });

  it("an emit hands over the row its insert gave back; a repeated id sends only what is still undispatched", async () => {
    const data = sampleEventData("invoice.paid");
    const sentNow = async (emit: () => Promise<unknown>) => {
      const before = sends.length;
      await emit();
      return sends
        .slice(before)
        .flat()
        .map((e) => e.id);
    };
    // A new event: inserted, sent once, marked.
    expect(
      await sentNow(() =>
        emitEventAndDispatch(database.prisma, { agencyId, type: "invoice.paid", data, id: "evt_once" }),
      ),
    ).toEqual([inngestEventId(agencyId, "evt_once")]);
    // The same id again inserts nothing and sends nothing: it was dispatched.
    expect(
      await sentNow(() =>
        emitEventAndDispatch(database.prisma, { agencyId, type: "invoice.paid", data, id: "evt_once" }),
      ),
    ).toEqual([]);
    // An event written earlier and never dispatched (its process died before the hand-off):
    // emitting its id again sends it, as the relay would.
    await emitEvent(database.prisma, { agencyId, type: "invoice.paid", data, id: "evt_stranded" });
    expect(
      await sentNow(() =>
        emitEventAndDispatch(database.prisma, { agencyId, type: "invoice.paid", data, id: "evt_stranded" }),
      ),
    ).toEqual([inngestEventId(agencyId, "evt_stranded")]);
    // A transaction mixing a new event, a dispatched one and a stranded one sends the new and
    // the stranded, each once.
    await emitEvent(database.prisma, { agencyId, type: "invoice.paid", data, id: "evt_stranded_2" });
    const sent = await sentNow(() =>
      transactionWithEvents(database.prisma, async (_tx, emit) => {
        for (const id of ["evt_new", "evt_once", "evt_stranded_2"])
          await emit({ agencyId, type: "invoice.paid", data, id });
      }),
    );
    expect(sent.sort()).toEqual(
      [inngestEventId(agencyId, "evt_new"), inngestEventId(agencyId, "evt_stranded_2")].sort(),
    );
    const rows = await database.prisma.event.findMany({
      where: { agencyId, id: { in: ["evt_once", "evt_stranded", "evt_new", "evt_stranded_2"] } },
      select: { dispatchedAt: true },
    });
    expect(rows.length).toBe(4);
    expect(rows.every((r) => r.dispatchedAt !== null)).toBe(true);
  });

  it("the dispatcher's mark and the fan-out's pass over an event row another statement holds, not wait for it", async () => {
    // Both mark events dispatched, the fan-out right after the send that started it: when each
    // waited for the rows the other had locked, in its own order, they deadlocked under load
    // (a fan-out retried, its deliveries late). Now neither waits, so no cycle can form.
    const data = sampleEventData("invoice.paid");
    await addWebhook(database.prisma, agencyId, { url: "https://receiver.example/hook" });
    const held = await emitEvent(database.prisma, { agencyId, type: "invoice.paid", data, id: "evt_held" });
    const free = await emitEvent(database.prisma, { agencyId, type: "invoice.paid", data, id: "evt_free" });
    const free2 = await emitEvent(database.prisma, { agencyId, type: "invoice.paid", data, id: "evt_free_2" });
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    // A statement still marking evt_held (the row lock an UPDATE takes), open until released.
    await holder.query("BEGIN");
    await holder.query("SELECT 1 FROM events WHERE agency_id = $1 AND id = $2 FOR NO KEY UPDATE", [agencyId, held.id]);
    // Settles with the statement, or throws as soon as PostgreSQL shows it waiting for a lock.
    const withoutWaiting = async <T>(work: Promise<T>): Promise<T> => {
      let done = false;
      const watched = work.finally(() => (done = true));
      while (!done) {
        const [{ n }] = await database.prisma.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'`;
        if (n > 0 && !done) throw new Error("waited for a row lock another statement holds");
        await Promise.race([watched, new Promise((r) => setTimeout(r, 20))]);
      }
      return watched;
    };
    const dispatchedNow = async () =>
      Object.fromEntries(
        (
          await database.prisma.event.findMany({
            where: { agencyId, id: { in: [held.id, free.id, free2.id] } },
            select: { id: true, dispatchedAt: true },
          })
        ).map((r) => [r.id, r.dispatchedAt !== null]),
      );
    try {
      const fanned = await withoutWaiting(
        createDeliveriesForEvents(database.prisma, [
          { agencyId, eventId: held.id },
          { agencyId, eventId: free.id },
        ]),
      );
      // The deliveries are made either way; only the mark of the held row is left to its holder.
      expect(fanned.map((f) => f.deliveries.length)).toEqual([1, 1]);
      expect(
        await withoutWaiting(
          dispatchEvents(
            [
              { agencyId, ...held },
              { agencyId, ...free2 },
            ],
            database.prisma,
          ),
        ),
      ).toEqual({
        dispatched: 2,
      });
      expect(await dispatchedNow()).toEqual({ [held.id]: false, [free.id]: true, [free2.id]: true });
    } finally {
      await holder.query("ROLLBACK");
      await holder.end();
    }
    // The holder went away without marking it: it is still undispatched, so the relay (or the
    // next dispatch) sends it, and this time marks it.
    expect(await dispatchEvents([{ agencyId, ...held }], database.prisma)).toEqual({ dispatched: 1 });
    expect((await dispatchedNow())[held.id]).toBe(true);
  });
});
