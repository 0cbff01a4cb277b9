import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setEngineEndpoint } from "@/lib/engine/embedded-fetch.ts";
import { dispatchEvents, emitEvent, inngestEventId } from "@/lib/events/index.ts";
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
});
