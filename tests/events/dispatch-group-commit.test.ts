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
});
