import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/lib/inngest/client.ts";
import type { Engine } from "@/lib/engine/engine.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { insertEventsAndRuns } from "@/lib/engine/claims.ts";
import { pruneFinished } from "@/lib/engine/store.ts";
import { finishedRun, runsOf, startTestEngine, waitFor } from "./engine-harness.ts";

// Defects 6, 7 and 10 (the parts an engine run shows): `step.sleep(id, 0)`, Inngest's default
// retries, event-id dedupe per function, and functions no longer served. Written against the
// engine before the fix, where each of these failed.

const counts = new Map<string, number>();
const bump = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);

const zeroSleep = inngest.createFunction(
  { id: "t-zero-sleep", triggers: [{ event: "test/zero-sleep" }] },
  async ({ step }) => {
    await step.sleep("no-wait", 0);
    return "woke";
  },
);
const alwaysFails = inngest.createFunction(
  { id: "t-default-retries", triggers: [{ event: "test/default-retries" }] },
  async ({ step }) => {
    await step.run("boom", () => {
      bump("boom");
      throw new Error("always");
    });
  },
);
const firstListener = inngest.createFunction(
  { id: "t-dedupe-a", triggers: [{ event: "test/dedupe" }] },
  async () => (bump("dedupe-a"), "a"),
);
const laterListener = inngest.createFunction(
  { id: "t-dedupe-b", triggers: [{ event: "test/dedupe" }] },
  async () => (bump("dedupe-b"), "b"),
);
const retired = inngest.createFunction(
  { id: "t-retired", triggers: [{ event: "test/retired" }, { cron: "0 0 1 1 *" }] },
  async ({ step }) => {
    await step.sleep("long", "1h");
  },
);

describe("Inngest semantics", () => {
  let database: TestDatabase;
  let engine: Engine | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
  });
  afterAll(() => database?.drop());

  it("step.sleep(id, 0) finishes at once (the SDK sends an empty duration)", async () => {
    engine = await startTestEngine(database.prisma, [zeroSleep]);
    await engine.send([{ name: "test/zero-sleep", data: {} }]);
    const [run] = await finishedRun(database.prisma, "t-zero-sleep", 1, 10_000);
    expect(run).toMatchObject({ status: "completed", output: "woke" });
  });

  it("a function without `retries` is tried 5 times (Inngest's default of 4 retries)", async () => {
    engine = await startTestEngine(database.prisma, [alwaysFails]);
    await engine.send([{ name: "test/default-retries", data: {} }]);
    const [run] = await finishedRun(database.prisma, "t-default-retries", 1, 15_000);
    expect(run.status).toBe("failed");
    expect(counts.get("boom")).toBe(5);
  });

  it("an event id starts each function once: a function added later still runs for it", async () => {
    engine = await startTestEngine(database.prisma, [firstListener]);
    await engine.send([{ name: "test/dedupe", id: "evt-dedupe-1", data: {} }]);
    await finishedRun(database.prisma, "t-dedupe-a");
    await engine.stop();
    engine = await startTestEngine(database.prisma, [firstListener, laterListener]);
    await engine.send([{ name: "test/dedupe", id: "evt-dedupe-1", data: {} }]);
    await engine.send([{ name: "test/dedupe", id: "evt-dedupe-1", data: {} }]);
    await finishedRun(database.prisma, "t-dedupe-b");
    await new Promise((r) => setTimeout(r, 300));
    expect(counts.get("dedupe-a")).toBe(1);
    expect(counts.get("dedupe-b")).toBe(1);
  });

  it("the runs and crons of a function the app no longer serves are pruned at start", async () => {
    engine = await startTestEngine(database.prisma, [retired, zeroSleep]);
    await engine.send([{ name: "test/retired", data: {} }]);
    await waitFor(
      async () => (await runsOf(database.prisma, "t-retired"))[0]?.status === "queued",
      5000,
      "a sleeping run",
    );
    expect(await database.prisma.engineCron.count({ where: { functionId: `${inngest.id}-t-retired` } })).toBe(1);
    await engine.stop();
    // An event that waits as a batch item of it (as a process whose config batched it queued it).
    const fn = `${inngest.id}-t-retired`;
    const ev = { id: "retired-item", name: "test/retired", data: {}, ts: Date.now() };
    await insertEventsAndRuns(
      database.prisma,
      [ev],
      [{ id: "run_unused", functionId: fn, eventId: ev.id, event: ev, concurrencyKey: null, batchKey: "k" }],
    );
    engine = await startTestEngine(database.prisma, [zeroSleep]);
    const [run, item] = await runsOf(database.prisma, "t-retired");
    expect(run.status).toBe("cancelled");
    // The item became a cancelled run of its own, which keeps its event id's dedupe.
    expect(item.status).toBe("cancelled");
    expect(await database.prisma.engineRun.count({ where: { functionId: fn, eventId: ev.id } })).toBe(1);
    expect(await database.prisma.engineBatchItem.count({ where: { functionId: fn } })).toBe(0);
    expect(await database.prisma.engineCron.count({ where: { functionId: `${inngest.id}-t-retired` } })).toBe(0);
  });

  it("retention drops a finished batch's run with its items, and keeps the items of a batch still kept", async () => {
    const fn = "retention-batches";
    const ev = (id: string) => ({ id, name: "test/none", data: {}, ts: Date.now() });
    const old = new Date(Date.now() - 3_600_000);
    const batch = async (runId: string, ids: string[], status: string) => {
      await database.prisma.engineRun.create({
        data: {
          id: runId,
          functionId: fn,
          event: ev(ids[0]),
          events: ids.map(ev),
          status,
          batchKey: "k",
          updatedAt: old,
        },
      });
      await database.prisma.engineBatchItem.createMany({
        data: ids.map((eventId) => ({ functionId: fn, eventId, batchKey: "k", event: ev(eventId), batchRunId: runId })),
      });
    };
    await batch("run_done_batch", ["r-1", "r-2"], "completed");
    await batch("run_live_batch", ["r-3", "r-4"], "running");
    await database.prisma.$executeRawUnsafe(`UPDATE engine_runs SET updated_at = now() - interval '1 hour'`);
    await pruneFinished(database.prisma, 60_000, 86_400_000);
    expect((await database.prisma.engineRun.findMany({ where: { functionId: fn } })).map((r) => r.id)).toEqual([
      "run_live_batch",
    ]);
    const left = await database.prisma.engineBatchItem.findMany({
      where: { functionId: fn },
      orderBy: { eventId: "asc" },
    });
    expect(left.map((i) => i.eventId)).toEqual(["r-3", "r-4"]);
  });
});
