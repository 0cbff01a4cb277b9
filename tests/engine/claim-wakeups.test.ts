import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/lib/inngest/client.ts";
import type { Engine } from "@/lib/engine/engine.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { finishedRun, startTestEngine } from "./engine-harness.ts";

// When the claimer claims (lib/engine/claimer.ts): a run that ends frees its slot, and a run
// waiting for that slot starts then, not at the next poll; a run that ends when nothing waits
// costs no claim. The poll is set to an hour here, so only those wake-ups can start a run.

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const oneAtATime = inngest.createFunction(
  {
    id: "t-wake-one-at-a-time",
    concurrency: [{ key: "event.data.k", limit: 1 }],
    triggers: [{ event: "test/wake-key" }],
  },
  async ({ step }) => step.run("work", () => pause(50).then(() => "done")),
);
const batchesOfTwo = inngest.createFunction(
  {
    id: "t-wake-batches",
    concurrency: [{ key: "event.data.k", limit: 1 }],
    batchEvents: { maxSize: 2, timeout: "60s", key: "event.data.k" },
    triggers: [{ event: "test/wake-batch" }],
  },
  async ({ events, step }) => step.run("work", () => pause(50).then(() => events.map((e) => e.data.i))),
);
// The first batch is slow, so the next two events queue behind it, further apart than the timeout.
const spreadOut = inngest.createFunction(
  {
    id: "t-wake-spread",
    concurrency: [{ key: "event.data.k", limit: 1 }],
    batchEvents: { maxSize: 10, timeout: "1s", key: "event.data.k" },
    triggers: [{ event: "test/wake-spread" }],
  },
  async ({ events, step }) =>
    step.run("work", () => pause(events[0].data.i === 1 ? 2_500 : 50).then(() => events.map((e) => e.data.i))),
);
const lone = inngest.createFunction({ id: "t-wake-lone", triggers: [{ event: "test/wake-lone" }] }, async ({ step }) =>
  step.run("work", () => "done"),
);

describe("claims and the slots runs free", () => {
  let database: TestDatabase;
  let engine: Engine;
  beforeAll(async () => {
    database = await createTestDatabase();
    engine = await startTestEngine(database.prisma, [oneAtATime, lone, batchesOfTwo, spreadOut], { pollMs: 3_600_000 });
  });
  afterAll(async () => {
    await engine?.stop();
    await database?.drop();
  });

  it("starts the runs that wait for a key's only slot as each one before them ends", async () => {
    await engine.send([1, 2, 3, 4].map((i) => ({ name: "test/wake-key", data: { k: "same", i } })));
    // Without the wake-up on a freed slot, the second run would wait an hour for the poll.
    const runs = await finishedRun(database.prisma, "t-wake-one-at-a-time", 4, 10_000);
    expect(runs.map((r) => r.status)).toEqual(["completed", "completed", "completed", "completed"]);
  });

  it("starts a key's next batch as the one before it ends, when a batch left events behind", async () => {
    await engine.send([1, 2, 3, 4, 5].map((i) => ({ name: "test/wake-batch", data: { k: "b", i } })));
    // Three batches of at most two, one at a time: each ends before the next can start.
    const runs = await finishedRun(database.prisma, "t-wake-batches", 3, 10_000);
    expect(runs.map((r) => r.output)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("starts a key's next batch as the one before it ends, when events wait beyond its timeout", async () => {
    await engine.send([{ name: "test/wake-spread", data: { k: "s", i: 1 } }]);
    await pause(200);
    await engine.send([{ name: "test/wake-spread", data: { k: "s", i: 2 } }]);
    await pause(1_300);
    await engine.send([{ name: "test/wake-spread", data: { k: "s", i: 3 } }]);
    // The second batch cannot take the third event (queued more than its timeout after the
    // second's); it is left waiting all the same, so the second's end claims it.
    const runs = await finishedRun(database.prisma, "t-wake-spread", 3, 15_000);
    expect(runs.map((r) => r.output)).toEqual([[1], [2], [3]]);
  });

  it("claims once for a lone event on an idle engine: its run ending, with nothing waiting, claims nothing", async () => {
    await pause(200);
    const before = engine.stats().claims;
    await engine.send([{ name: "test/wake-lone", data: {} }]);
    await finishedRun(database.prisma, "t-wake-lone", 1, 10_000);
    await pause(300);
    // Before: the claim that started it, one more because it had found work, one when it ended.
    expect(engine.stats().claims - before).toBe(1);
  });
});
