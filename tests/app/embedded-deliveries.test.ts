// The app's delivery path on its embedded defaults, end to end in one process: app code
// calls emitEvent → the embedded engine drives the real Inngest functions through the real
// /api/inngest handler → a real receiver on 127.0.0.1.
process.env.WEBHOOK_RETRY_SCHEDULE = "1s,1s,1s";
process.env.WEBHOOK_RETRY_JITTER = "0";

import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfig } from "@/lib/config/index.ts";
import { useDatabase } from "@/lib/db/index.ts";
import { startEmbeddedEngine, stopEmbeddedEngine } from "@/lib/engine/start.ts";
import { embeddedServeHandler } from "@/inngest/serve.ts";
import { setFanOutInProcess } from "@/lib/events/dispatch-events.ts";
import {
  emitEvent,
  emitEventAndDispatch,
  inngestEventId,
  relayOutbox,
  transactionWithEvents,
} from "@/lib/events/index.ts";
import { fanOutInProcess } from "@/lib/webhooks/fan-out-in-process.ts";
import { sampleEventData } from "@/lib/webhooks/event-catalog.ts";
import { setWebhookEnabled } from "@/lib/webhooks/webhook-status.ts";
import { startReceiver, type Receiver } from "../support/receiver.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { createAgency, addWebhook } from "../webhooks/support/fixtures.ts";

let db: TestDatabase;
let receiver: Receiver;
let agencyId: string;

beforeAll(async () => {
  resetConfig();
  db = await createTestDatabase();
  useDatabase(db);
  receiver = await startReceiver();
  agencyId = await createAgency(db.prisma);
  await startEmbeddedEngine(embeddedServeHandler);
});

afterAll(async () => {
  await stopEmbeddedEngine();
  await receiver?.close();
  await db?.drop();
});

/** What the receiver got at one of the paths this file gives its endpoints. */
const at = (name: string) => receiver.requests.filter((r) => r.path === `/hook/${name}`);

async function deliveriesOf(eventId: string) {
  return db.prisma.delivery.findMany({ where: { eventId }, include: { attempts: { orderBy: { number: "asc" } } } });
}

async function settled(eventId: string, count = 1) {
  await expect
    .poll(
      async () => (await deliveriesOf(eventId)).filter((d) => d.status === "succeeded" || d.status === "failed").length,
      { timeout: 30_000, interval: 200 },
    )
    .toBe(count);
  return deliveriesOf(eventId);
}

describe("embedded engine, end to end in one process", () => {
  it("delivers one correctly signed POST with the documented payload", async () => {
    const hook = await addWebhook(db.prisma, agencyId, { url: `${receiver.url}/paid`, events: ["invoice.paid"] });
    const data = sampleEventData("invoice.paid");
    const { id } = await emitEventAndDispatch(db.prisma, { agencyId, type: "invoice.paid", data });
    const [delivery] = await settled(id);
    expect(delivery.status).toBe("succeeded");

    const [req] = at("paid");
    expect(at("paid")).toHaveLength(1);
    const body = JSON.parse(req.body);
    expect(Object.keys(body)).toEqual(["id", "event", "timestamp", "data"]);
    expect(body).toMatchObject({ id, event: "invoice.paid", data });
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    // Verified by code this project did not write: the Standard Webhooks library…
    expect(() => new Webhook(hook.secret).verify(req.body, req.headers)).not.toThrow();
    // …and the documented PHP rule, hash_hmac('sha256', $timestamp . $payload, $secret).
    const { createHmac } = await import("node:crypto");
    const expected = createHmac("sha256", hook.secret)
      .update(req.headers["x-aosai-timestamp"] + req.body)
      .digest("hex");
    expect(req.headers["x-aosai-signature"]).toBe(`sha256=${expected}`);
    expect(req.headers["x-aosai-event-id"]).toBe(id);
    expect(req.headers["x-aosai-attempt"]).toBe("1");
  });

  it("retries a failing receiver on schedule: two failures then success, three attempts in the log", async () => {
    await addWebhook(db.prisma, agencyId, { url: `${receiver.url}/flaky`, events: ["client.created"] });
    receiver.respondWith({ status: 500, body: "boom" }, { status: 503, body: "busy" });
    const { id } = await emitEventAndDispatch(db.prisma, {
      agencyId,
      type: "client.created",
      data: sampleEventData("client.created"),
    });
    const [delivery] = await settled(id);
    expect(delivery.status).toBe("succeeded");
    expect(delivery.attempts.map((a) => [a.number, a.responseStatus, a.errorClass])).toEqual([
      [1, 500, "http_status"],
      [2, 503, "http_status"],
      [3, 200, null],
    ]);
    const times = at("flaky").map((r) => r.receivedAt);
    expect(times).toHaveLength(3);
    // The schedule waits about 1 s between attempts (the engine may add a little, never less).
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(900);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(900);
    expect(delivery.attempts[0].responseBody).toBe("boom");
  });

  it("delivers nothing for an event type the endpoint did not select", async () => {
    await addWebhook(db.prisma, agencyId, { url: `${receiver.url}/tasks-only`, events: ["task.created"] });
    const before = at("tasks-only").length;
    const { id } = await emitEventAndDispatch(db.prisma, {
      agencyId,
      type: "ticket.created",
      data: sampleEventData("ticket.created"),
    });
    // The fan-out has run once the event is dispatched and no run of it is left, nor an event
    // waiting for its batch (batchEvents: an item until a claim starts the batch).
    await expect
      .poll(async () => (await db.prisma.event.findFirstOrThrow({ where: { id } })).dispatchedAt, { timeout: 15_000 })
      .not.toBeNull();
    await expect
      .poll(
        async () =>
          (await db.prisma.engineRun.count({ where: { status: { in: ["queued", "running"] } } })) +
          (await db.prisma.engineBatchItem.count({ where: { batchRunId: null } })),
        { timeout: 15_000 },
      )
      .toBe(0);
    expect(
      await db.prisma.delivery.count({ where: { eventId: id, webhook: { url: `${receiver.url}/tasks-only` } } }),
    ).toBe(0);
    expect(at("tasks-only").length).toBe(before);
  });

  it("delivers nothing to a disabled endpoint, and enabling it resumes the delivery", async () => {
    const hook = await addWebhook(db.prisma, agencyId, {
      url: `${receiver.url}/paused`,
      events: ["project.completed"],
    });
    await setWebhookEnabled(db.prisma, { agencyId, webhookId: hook.id, enabled: false });
    const { id } = await emitEventAndDispatch(db.prisma, {
      agencyId,
      type: "project.completed",
      data: sampleEventData("project.completed"),
    });
    await expect
      .poll(async () => (await deliveriesOf(id)).map((d) => d.status), { timeout: 15_000 })
      .toEqual(["paused"]);
    expect(at("paused")).toHaveLength(0);

    await setWebhookEnabled(db.prisma, { agencyId, webhookId: hook.id, enabled: true });
    const [delivery] = await settled(id);
    expect(delivery.status).toBe("succeeded");
    expect(at("paused").map((r) => r.headers["x-aosai-event-id"])).toEqual([id]);
  });

  it("delivers nothing when the transaction that emitted the event rolls back", async () => {
    await addWebhook(db.prisma, agencyId, { url: `${receiver.url}/rollback`, events: ["time_entry.created"] });
    await expect(
      transactionWithEvents(db.prisma, async (tx) => {
        await emitEvent(tx, {
          agencyId,
          type: "time_entry.created",
          data: sampleEventData("time_entry.created"),
          id: "evt_rolled_back",
        });
        throw new Error("the change that caused the event failed");
      }),
    ).rejects.toThrow("the change that caused the event failed");
    expect(await db.prisma.event.findFirst({ where: { id: "evt_rolled_back" } })).toBeNull();
    // Give the engine time to (wrongly) deliver something, then check nothing came.
    await new Promise((r) => setTimeout(r, 1500));
    expect(at("rollback")).toHaveLength(0);
  });

  it("delivers an event emitted twice with the same ID once", async () => {
    await addWebhook(db.prisma, agencyId, { url: `${receiver.url}/twice`, events: ["ticket.reply"] });
    const data = sampleEventData("ticket.reply");
    await emitEventAndDispatch(db.prisma, { agencyId, type: "ticket.reply", data, id: "evt_same_twice" });
    await emitEventAndDispatch(db.prisma, { agencyId, type: "ticket.reply", data, id: "evt_same_twice" });
    await settled("evt_same_twice");
    await new Promise((r) => setTimeout(r, 1000));
    expect(at("twice")).toHaveLength(1);
  });

  it("fans an emit out in the dispatcher: no webhooks/event.created event and no fan-out run", async () => {
    await addWebhook(db.prisma, agencyId, { url: `${receiver.url}/inline`, events: ["invoice.sent"] });
    const { id } = await emitEventAndDispatch(db.prisma, {
      agencyId,
      type: "invoice.sent",
      data: sampleEventData("invoice.sent"),
    });
    // The deliveries exist when the emit returns: made by its dispatch, not by a later run.
    expect((await deliveriesOf(id)).map((d) => d.status)).toEqual(["pending"]);
    expect((await db.prisma.event.findFirstOrThrow({ where: { id } })).dispatchedAt).not.toBeNull();
    const [delivery] = await settled(id);
    expect(delivery.status).toBe("succeeded");
    expect(at("inline")).toHaveLength(1);
    expect(await db.prisma.engineEvent.findUnique({ where: { id: inngestEventId(agencyId, id) } })).toBeNull();
    expect(await db.prisma.engineRun.count({ where: { functionId: { endsWith: "fan-out-event" } } })).toBe(0);
  });

  it("a dispatch whose deliveries could not be queued leaves the event to the relay, which delivers it once", async () => {
    await addWebhook(db.prisma, agencyId, { url: `${receiver.url}/requeued`, events: ["client.updated"] });
    // The process dies, as far as this event is concerned, between the deliveries' statement
    // and their send: the event must not be marked dispatched, or nothing would queue them.
    setFanOutInProcess((client, events) =>
      fanOutInProcess(client, events, async () => {
        throw new Error("the engine refused the send");
      }),
    );
    let id: string;
    try {
      ({ id } = await emitEventAndDispatch(db.prisma, {
        agencyId,
        type: "client.updated",
        data: sampleEventData("client.updated"),
      }));
    } finally {
      setFanOutInProcess((client, events) => fanOutInProcess(client, events));
    }
    expect((await db.prisma.event.findFirstOrThrow({ where: { id } })).dispatchedAt).toBeNull();
    expect((await deliveriesOf(id)).map((d) => d.status)).toEqual(["pending"]);
    await new Promise((r) => setTimeout(r, 500));
    expect(at("requeued")).toHaveLength(0);

    const { relayed } = await relayOutbox({ prisma: db.prisma, olderThanMs: 0 });
    expect(relayed).toBeGreaterThanOrEqual(1);
    const [delivery] = await settled(id);
    expect(delivery.status).toBe("succeeded");
    expect((await db.prisma.event.findFirstOrThrow({ where: { id } })).dispatchedAt).not.toBeNull();
    // The relay kept the delivery the failed dispatch made: one row, one request.
    expect(await db.prisma.delivery.count({ where: { eventId: id } })).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(at("requeued")).toHaveLength(1);
  });
});
