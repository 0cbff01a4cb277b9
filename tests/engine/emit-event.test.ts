import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/lib/inngest/client.ts";
import { setEngineEndpoint } from "@/lib/engine/embedded-fetch.ts";
import type { Engine } from "@/lib/engine/engine.ts";
import {
  dispatchEvents,
  emitEvent,
  emitEventAndDispatch,
  EmitEventError,
  inngestEventId,
  relayOutbox,
  transactionWithEvents,
} from "@/lib/events/index.ts";
import { sampleEventData } from "@/lib/webhooks/event-catalog.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { finishedRun, runsOf, startTestEngine, waitFor } from "./engine-harness.ts";

// Stands in for the fan-out: records which outbox events reached the engine.
const listener = inngest.createFunction(
  { id: "t-event-listener", triggers: [{ event: "webhooks/event.created" }] },
  async ({ event }) => event.data,
);

describe("emitEvent and the outbox hand-off", () => {
  let database: TestDatabase;
  let engine: Engine;
  const agencyId = "agc_emit";
  const paid = () => sampleEventData("invoice.paid");

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.prisma.agency.createMany({
      data: [
        { id: agencyId, name: "Acme", slug: "acme" },
        { id: "agc_other", name: "Other", slug: "other" },
      ],
    });
    engine = await startTestEngine(database.prisma, [listener]);
  });

  afterAll(async () => {
    await engine?.stop();
    await database?.drop();
  });

  const listenedFor = async (eventId: string) =>
    (await runsOf(database.prisma, "t-event-listener")).filter(
      (r) => (r.output as { eventId?: string } | null)?.eventId === eventId,
    );

  it("stores the time the event occurred, through the pool and through a caller's transaction alike", async () => {
    const occurredAt = new Date("2026-03-04T05:06:07.089Z");
    const direct = await emitEvent(database.prisma, { agencyId, type: "invoice.paid", data: paid(), occurredAt });
    const inTx = await database.prisma.$transaction((tx) =>
      emitEvent(tx, { agencyId, type: "invoice.paid", data: paid(), occurredAt }),
    );
    const rows = await database.prisma.event.findMany({ where: { id: { in: [direct.id, inTx.id] } } });
    expect(rows.map((r) => r.occurredAt.toISOString())).toEqual([occurredAt.toISOString(), occurredAt.toISOString()]);
    expect(rows.map((r) => r.data)).toEqual([paid(), paid()]);
  });

  it("writes the event in the caller's transaction and hands it to the engine after commit", async () => {
    const { id } = await emitEventAndDispatch(database.prisma, { agencyId, type: "invoice.paid", data: paid() });
    const row = await database.prisma.event.findFirstOrThrow({ where: { id } });
    expect(row).toMatchObject({ agencyId, type: "invoice.paid", data: paid() });
    expect(row.dispatchedAt).not.toBeNull();
    await waitFor(async () => (await listenedFor(id)).length === 1, 10_000, "the listener run");
    expect(await database.prisma.engineEvent.findUnique({ where: { id: inngestEventId(agencyId, id) } })).toMatchObject(
      {
        name: "webhooks/event.created",
        data: { eventId: id, agencyId },
      },
    );
  });

  it("sends nothing when the caller's transaction rolls back", async () => {
    const id = "evt_rolled_back";
    await expect(
      transactionWithEvents(database.prisma, async (_tx, emit) => {
        await emit({ agencyId, type: "invoice.paid", data: paid(), id });
        throw new Error("the caller's change failed");
      }),
    ).rejects.toThrow("the caller's change failed");
    await new Promise((r) => setTimeout(r, 300));
    expect(await database.prisma.event.findFirst({ where: { id } })).toBeNull();
    expect(await database.prisma.engineEvent.findUnique({ where: { id: inngestEventId(agencyId, id) } })).toBeNull();
    expect(await listenedFor(id)).toHaveLength(0);
  });

  it("writes a transaction's events together: each once, in order of emit, each dispatched once", async () => {
    const ids = ["evt_tx_a", "evt_tx_b", "evt_tx_c"];
    const at = new Date("2026-04-01T09:30:00.000Z");
    const out = await transactionWithEvents(database.prisma, async (_tx, emit) => {
      for (const id of ids) await emit({ agencyId, type: "invoice.paid", data: paid(), id, occurredAt: at });
      // A repeat within the transaction is the same event.
      await emit({ agencyId, type: "invoice.paid", data: paid(), id: "evt_tx_a" });
      return "work done";
    });
    expect(out).toBe("work done");
    const rows = await database.prisma.event.findMany({ where: { agencyId, id: { in: ids } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.id, r.type, r.data, r.occurredAt.toISOString()])).toEqual(
      ids.map((id) => [id, "invoice.paid", paid(), at.toISOString()]),
    );
    await waitFor(async () => (await Promise.all(ids.map(listenedFor))).every((l) => l.length === 1), 10_000, "runs");
    await new Promise((r) => setTimeout(r, 300));
    expect((await Promise.all(ids.map(listenedFor))).map((l) => l.length)).toEqual([1, 1, 1]);
  });

  it("a bad event throws where it was emitted, and the transaction's other events are not written", async () => {
    await expect(
      transactionWithEvents(database.prisma, async (_tx, emit) => {
        await emit({ agencyId, type: "invoice.paid", data: paid(), id: "evt_tx_before_bad" });
        await emit({ agencyId, type: "invoice.paid", data: { ...paid(), amount: "lots" } as never });
      }),
    ).rejects.toThrow(/data\.amount/);
    expect(await database.prisma.event.findFirst({ where: { id: "evt_tx_before_bad" } })).toBeNull();
  });

  it("emitting the same id twice gives one event and one run", async () => {
    const id = "evt_same_twice";
    await emitEventAndDispatch(database.prisma, { agencyId, type: "invoice.paid", data: paid(), id });
    await emitEventAndDispatch(database.prisma, { agencyId, type: "invoice.paid", data: paid(), id });
    // Even a forced second hand-off dedupes in the engine.
    await database.prisma.event.update({ where: { agencyId_id: { agencyId, id } }, data: { dispatchedAt: null } });
    await dispatchEvents([{ agencyId, id }], database.prisma);
    await waitFor(async () => (await listenedFor(id)).length >= 1, 10_000, "the listener run");
    await new Promise((r) => setTimeout(r, 300));
    expect(await database.prisma.event.count({ where: { id } })).toBe(1);
    expect(await listenedFor(id)).toHaveLength(1);
  });

  it("another agency's use of the same id is its own event, sent on its own (ids are unique per agency)", async () => {
    const id = "evt_shared_by_two_agencies";
    await emitEventAndDispatch(database.prisma, { agencyId, type: "invoice.paid", data: paid(), id });
    await emitEventAndDispatch(database.prisma, { agencyId: "agc_other", type: "invoice.paid", data: paid(), id });
    expect(await database.prisma.event.count({ where: { id } })).toBe(2);
    // Both reach the engine: the Inngest event ids differ, so neither dedupes the other.
    await waitFor(
      async () =>
        (await runsOf(database.prisma, "t-event-listener")).filter(
          (r) => (r.output as { eventId?: string } | null)?.eventId === id,
        ).length === 2,
      10_000,
      "a run for each agency's event",
    );
    const agencies = (await runsOf(database.prisma, "t-event-listener"))
      .map((r) => r.output as { eventId?: string; agencyId?: string } | null)
      .filter((o) => o?.eventId === id)
      .map((o) => o?.agencyId)
      .sort();
    expect(agencies).toEqual(["agc_emit", "agc_other"]);
  });

  it("refuses unknown types, invalid data naming the field, and payloads over 256 KB", async () => {
    const tx = database.prisma;
    // @ts-expect-error an unknown type is a compile error too
    await expect(emitEvent(tx, { agencyId, type: "invoice.exploded", data: {} })).rejects.toThrow(
      /unknown event type "invoice.exploded"/,
    );
    const bad = { ...paid(), amount: "lots" } as unknown as ReturnType<typeof paid>;
    await expect(emitEvent(tx, { agencyId, type: "invoice.paid", data: bad })).rejects.toThrow(/data\.amount/);
    const reply = sampleEventData("ticket.reply");
    reply.reply.body = "x".repeat(256 * 1024);
    const err = await emitEvent(tx, { agencyId, type: "ticket.reply", data: reply }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmitEventError);
    expect((err as EmitEventError).field).toBe("data");
    expect((err as Error).message).toMatch(/256 KB/);
    reply.reply.body = "x".repeat(200 * 1024);
    await expect(emitEvent(tx, { agencyId, type: "ticket.reply", data: reply })).resolves.toHaveProperty("id");
  });

  it("keeps an event whose hand-off failed, and the relay sends it later", async () => {
    setEngineEndpoint(undefined); // the engine is unreachable
    const { id } = await emitEventAndDispatch(database.prisma, { agencyId, type: "invoice.paid", data: paid() });
    expect((await database.prisma.event.findFirstOrThrow({ where: { id } })).dispatchedAt).toBeNull();
    setEngineEndpoint(engine);
    // Younger than the grace period: left alone.
    expect((await relayOutbox({ prisma: database.prisma, olderThanMs: 60_000 })).relayed).toBe(0);
    const { relayed } = await relayOutbox({ prisma: database.prisma, olderThanMs: 0 });
    expect(relayed).toBeGreaterThanOrEqual(1);
    expect((await database.prisma.event.findFirstOrThrow({ where: { id } })).dispatchedAt).not.toBeNull();
    await waitFor(async () => (await listenedFor(id)).length === 1, 10_000, "the relayed run");
    await finishedRun(database.prisma, "t-event-listener");
  });
});
