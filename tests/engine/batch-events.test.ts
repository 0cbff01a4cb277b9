import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "@/lib/engine/engine.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import {
  batchCrashFunction,
  batchedByKey,
  batchedFlaky,
  batchedShortTimeout,
  batchedTwoSlots,
  failures,
  noLongerBatched,
  openGate,
  seen,
} from "./batch-functions.ts";
import { inngest } from "@/lib/inngest/client.ts";
import { insertEventsAndRuns } from "@/lib/engine/claims.ts";
import { runCarrying, startTestEngine, waitFor } from "./engine-harness.ts";

// batchEvents in the embedded engine: a batch starts as soon as its key has a free slot and
// fills while the key is busy (up to maxSize, with what is queued within the timeout of its
// first event); the run gets `event` = the first and `events` = the batch, as from Inngest.
// Until then an event is an item of its batch key (engine_batch_items), not a run.

const batchesOf = (fn: string, first: string[]) =>
  seen.filter((b) => b.fn === fn && first.includes(b.ids[0])).map((b) => b.ids);

describe("batchEvents", () => {
  let database: TestDatabase;
  let engine: Engine | undefined;
  const functions = [batchedByKey, batchedShortTimeout, batchedFlaky, batchedTwoSlots, noLongerBatched];

  beforeAll(async () => {
    database = await createTestDatabase();
    engine = await startTestEngine(database.prisma, functions);
  });
  afterAll(async () => {
    await engine?.stop();
    await database?.drop();
  });

  // The run that carries the event (its batch's), and the event's item.
  const runOf = (eventId: string) => runCarrying(database.prisma, eventId);
  const itemOf = (eventId: string) => database.prisma.engineBatchItem.findFirst({ where: { eventId } });
  const runsOfFn = (fn: string) => database.prisma.engineRun.count({ where: { functionId: { endsWith: `-${fn}` } } });
  const running = (eventId: string) =>
    waitFor(async () => (await runOf(eventId))?.status === "running", 10_000, `${eventId}'s run to start`);
  const send = (name: string, ids: string[], data: Record<string, unknown>) =>
    engine!.send(ids.map((id) => ({ name, id, data })));
  const until = (what: string, probe: () => boolean, timeoutMs = 15_000) =>
    waitFor(async () => probe(), timeoutMs, what);

  it("a lone event starts at once, a batch of one (the 60 s timeout is not waited for)", async () => {
    await send("test/batch", ["lone-1"], { k: "lone" });
    await until("the lone batch", () => batchesOf("t-batch", ["lone-1"]).length === 1, 10_000);
    expect(batchesOf("t-batch", ["lone-1"])).toEqual([["lone-1"]]);
    expect(seen.find((b) => b.ids[0] === "lone-1")?.first).toBe("lone-1");
  });

  it("fills while its key is busy, and the batch's items point at the one run that carries them", async () => {
    await send("test/batch", ["fill-0"], { k: "fill", gate: "fill" });
    await running("fill-0");
    await send("test/batch", ["fill-1"], { k: "fill" });
    await send("test/batch", ["fill-2"], { k: "fill" });
    openGate("fill");
    await until("both batches", () => batchesOf("t-batch", ["fill-0", "fill-1"]).length === 2);
    expect(batchesOf("t-batch", ["fill-0", "fill-1"])).toEqual([["fill-0"], ["fill-1", "fill-2"]]);
    await waitFor(async () => (await runOf("fill-1"))?.status === "completed", 10_000, "fill-1's run");
    const carrier = await runOf("fill-1");
    expect((carrier?.events as { id: string }[]).map((e) => e.id)).toEqual(["fill-1", "fill-2"]);
    expect(await itemOf("fill-1")).toMatchObject({ batchRunId: carrier?.id });
    expect(await itemOf("fill-2")).toMatchObject({ batchRunId: carrier?.id });
  });

  it("takes at most maxSize events, oldest first", async () => {
    await send("test/batch", ["cap-0"], { k: "cap", gate: "cap" });
    await running("cap-0");
    for (let i = 1; i <= 7; i++) await send("test/batch", [`cap-${i}`], { k: "cap" });
    openGate("cap");
    const firsts = ["cap-0", "cap-1", "cap-4", "cap-7"];
    await until("four batches", () => batchesOf("t-batch", firsts).length === 4);
    expect(batchesOf("t-batch", firsts)).toEqual([
      ["cap-0"],
      ["cap-1", "cap-2", "cap-3"],
      ["cap-4", "cap-5", "cap-6"],
      ["cap-7"],
    ]);
  });

  it("an event queued more than the timeout after a batch's first starts the next batch", async () => {
    await send("test/batch-timeout", ["to-0"], { k: "to", gate: "to" });
    await running("to-0");
    await send("test/batch-timeout", ["to-1"], { k: "to" });
    await new Promise((r) => setTimeout(r, 1300));
    await send("test/batch-timeout", ["to-2", "to-3"], { k: "to" });
    openGate("to");
    const firsts = ["to-0", "to-1", "to-2"];
    await until("three batches", () => batchesOf("t-batch-timeout", firsts).length === 3);
    expect(batchesOf("t-batch-timeout", firsts)).toEqual([["to-0"], ["to-1"], ["to-2", "to-3"]]);
  });

  it("keys are independent: a busy key holds back only its own events", async () => {
    await send("test/batch", ["ind-x0"], { k: "x", gate: "x" });
    await running("ind-x0");
    await send("test/batch", ["ind-x1"], { k: "x" });
    await send("test/batch", ["ind-y0"], { k: "y" });
    await until("key y's batch", () => batchesOf("t-batch", ["ind-y0"]).length === 1);
    expect(batchesOf("t-batch", ["ind-x0", "ind-x1"])).toEqual([]);
    expect(await itemOf("ind-x1")).toMatchObject({ batchRunId: null });
    openGate("x");
    await until("key x's batches", () => batchesOf("t-batch", ["ind-x0", "ind-x1"]).length === 2);
    expect(batchesOf("t-batch", ["ind-x0", "ind-x1", "ind-y0"])).toEqual([["ind-y0"], ["ind-x0"], ["ind-x1"]]);
  });

  it("an event id joins a batch once; resent after its batch ran, it starts nothing", async () => {
    await send("test/batch", ["dd-0"], { k: "dd", gate: "dd" });
    await running("dd-0");
    await send("test/batch", ["dd-1", "dd-1"], { k: "dd" });
    await send("test/batch", ["dd-1", "dd-2"], { k: "dd" });
    openGate("dd");
    await until("two batches", () => batchesOf("t-batch", ["dd-0", "dd-1"]).length === 2);
    await send("test/batch", ["dd-1", "dd-2", "dd-0"], { k: "dd" });
    await new Promise((r) => setTimeout(r, 500));
    expect(batchesOf("t-batch", ["dd-0", "dd-1", "dd-2"])).toEqual([["dd-0"], ["dd-1", "dd-2"]]);
    expect(await database.prisma.engineBatchItem.count({ where: { eventId: { startsWith: "dd-" } } })).toBe(3);
    // Two batches, two runs.
    expect(
      await database.prisma.engineRun.count({ where: { event: { path: ["id"], string_starts_with: "dd-" } } }),
    ).toBe(2);
  });

  it("an event waits as an item, not a run: the claim that starts its batch makes one run carrying the items in order", async () => {
    await send("test/batch", ["it-0"], { k: "it", gate: "it" });
    await running("it-0");
    const runs = await runsOfFn("t-batch");
    for (const id of ["it-1", "it-2", "it-3", "it-2"]) await send("test/batch", [id], { k: "it" });
    await new Promise((r) => setTimeout(r, 300));
    // Queued behind the busy key: three open items, no run.
    expect(await runsOfFn("t-batch")).toBe(runs);
    const open = await database.prisma.engineBatchItem.findMany({
      where: { eventId: { startsWith: "it-" }, batchRunId: null },
      orderBy: [{ createdAt: "asc" }, { seq: "asc" }],
    });
    expect(open.map((i) => i.eventId)).toEqual(["it-1", "it-2", "it-3"]);
    openGate("it");
    await waitFor(async () => (await runOf("it-1"))?.status === "completed", 10_000, "it-1's batch");
    const carrier = await runOf("it-1");
    expect(carrier).toMatchObject({ eventId: null, batchKey: "it", slots: 1 });
    expect((carrier?.events as { id: string }[]).map((e) => e.id)).toEqual(["it-1", "it-2", "it-3"]);
    expect((carrier?.event as { id: string }).id).toBe("it-1");
    expect(await runsOfFn("t-batch")).toBe(runs + 1);
    // Resent after their batch ran (its run kept): nothing starts, nothing is queued.
    await send("test/batch", ["it-3", "it-0", "it-1"], { k: "it" });
    await new Promise((r) => setTimeout(r, 500));
    expect(await runsOfFn("t-batch")).toBe(runs + 1);
    expect(
      await database.prisma.engineBatchItem.count({ where: { eventId: { startsWith: "it-" }, batchRunId: null } }),
    ).toBe(0);
    expect(batchesOf("t-batch", ["it-0", "it-1", "it-2", "it-3"])).toEqual([["it-0"], ["it-1", "it-2", "it-3"]]);
  });

  it("one run or item per (function, event id) across both tables, whichever queued it first", async () => {
    const fn = "dedupe-across";
    const ev = (id: string) => ({ id, name: "test/none", data: {}, ts: Date.now() });
    const queue = (id: string, batchKey: string | null) =>
      insertEventsAndRuns(
        database.prisma,
        [ev(id)],
        [
          {
            id: `run_${id}_${batchKey ?? "plain"}`,
            functionId: fn,
            eventId: id,
            event: ev(id),
            concurrencyKey: null,
            batchKey,
          },
        ],
      );
    // A run first (the function did not batch then), the same id as an item after: nothing new.
    expect(await queue("x-1", null)).toBe(1);
    expect(await queue("x-1", "")).toBe(0);
    // An item first, the same id as a run after: nothing new.
    expect(await queue("x-2", "")).toBe(1);
    expect(await queue("x-2", null)).toBe(0);
    expect(await queue("x-2", "")).toBe(0);
    expect(await database.prisma.engineRun.count({ where: { functionId: fn } })).toBe(1);
    expect(await database.prisma.engineBatchItem.count({ where: { functionId: fn } })).toBe(1);
  });

  it("items queued for a function that no longer batches still run, each a batch of one", async () => {
    const fn = `${inngest.id}-t-unbatched`;
    const ev = (id: string) => ({ id, name: "test/unbatched", data: { k: "u" }, ts: Date.now() });
    const ids = ["nb-1", "nb-2", "nb-3"];
    // As a process whose config still batched it would have queued them.
    await insertEventsAndRuns(
      database.prisma,
      ids.map(ev),
      ids.map((id) => ({
        id: `run_${id}`,
        functionId: fn,
        eventId: id,
        event: ev(id),
        concurrencyKey: `${fn}:event.data.k=u`,
        batchKey: "u",
      })),
    );
    await until("every item's run", () => batchesOf("t-unbatched", ids).length === 3);
    expect(batchesOf("t-unbatched", ids)).toEqual([["nb-1"], ["nb-2"], ["nb-3"]]);
    for (const id of ids) expect((await runOf(id))?.events).toEqual([expect.objectContaining({ id })]);
  });

  it("a running batch holds min(its events, the key's limit) slots; with fewer free it takes only as many", async () => {
    await send("test/batch-slots", ["sl-0", "sl-1", "sl-2"], { k: "sl", gate: "sl" });
    await running("sl-0");
    // One batch of three holds both slots: the key is full until it ends.
    expect((await runOf("sl-0"))?.slots).toBe(2);
    expect(await itemOf("sl-2")).toMatchObject({ batchRunId: (await runOf("sl-0"))?.id });
    await send("test/batch-slots", ["sl-3"], { k: "sl", gate: "sl-2" });
    await new Promise((r) => setTimeout(r, 500));
    expect(await itemOf("sl-3")).toMatchObject({ batchRunId: null });
    openGate("sl");
    await running("sl-3");
    // sl-3 holds one slot (gated); of the three queued now only one fits in the slot left.
    await send("test/batch-slots", ["sl-4", "sl-5", "sl-6"], { k: "sl" });
    await until("sl-4's batch", () => batchesOf("t-batch-slots", ["sl-4"]).length === 1);
    expect(batchesOf("t-batch-slots", ["sl-0", "sl-4"])).toEqual([["sl-0", "sl-1", "sl-2"], ["sl-4"]]);
    openGate("sl-2");
    // The rest go in batches as slots free up (how they split depends on timing), each once.
    const rest = () => seen.filter((b) => b.fn === "t-batch-slots").flatMap((b) => b.ids);
    await until("every event", () => ["sl-3", "sl-5", "sl-6"].every((id) => rest().includes(id)));
    expect(rest().sort()).toEqual(["sl-0", "sl-1", "sl-2", "sl-3", "sl-4", "sl-5", "sl-6"]);
  });

  it("a retry re-runs the same batch; a batch that fails for good sends every event to onFailure", async () => {
    await send("test/batch-flaky", ["fl-0"], { gate: "flaky" });
    await running("fl-0");
    await send("test/batch-flaky", ["fl-1", "fl-2"], { always: true });
    openGate("flaky");
    await until("the failure handler", () => failures.some((f) => f.event === "fl-1"));
    // The two batches' tries may interleave (fl-0's retry waits its backoff); each batch's are in order.
    const tries = (first: string) =>
      seen.filter((b) => b.fn === "t-batch-flaky" && b.first === first).map((b) => [b.attempt, b.ids]);
    expect(tries("fl-0")).toEqual([
      [0, ["fl-0"]],
      [1, ["fl-0"]],
    ]);
    expect(tries("fl-1")).toEqual([
      [0, ["fl-1", "fl-2"]],
      [1, ["fl-1", "fl-2"]],
    ]);
    expect(failures).toEqual([{ event: "fl-1", events: ["fl-1", "fl-2"] }]);
    expect((await runOf("fl-0"))?.status).toBe("completed");
    expect((await runOf("fl-1"))?.status).toBe("failed");
  });

  it("a batch whose process was killed mid-step runs again as the same batch (SIGKILL)", async () => {
    await engine?.stop();
    engine = undefined;
    const markFile = path.join(mkdtempSync(path.join(tmpdir(), "engine-batch-crash-")), "marks");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "tests/engine/fixtures/batch-crash-child.ts", database.url, markFile],
      { stdio: ["ignore", "pipe", "pipe"], env: process.env },
    );
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    try {
      await waitFor(
        async () => marks(markFile).includes("c1,c2,c3,c4"),
        30_000,
        `the child to start the batch (${stderr})`,
      );
    } finally {
      child.kill("SIGKILL");
    }
    engine = await startTestEngine(database.prisma, [...functions, batchCrashFunction(markFile, false)]);
    await send("test/batch-crash", ["c5"], { k: "a" });
    await waitFor(async () => (await runOf("c5"))?.status === "completed", 20_000, "c5's run");
    expect((await runOf("c1"))?.status).toBe("completed");
    // c1..c4 again, nothing lost or added; c5, sent after the crash, starts a batch of its own.
    expect(marks(markFile)).toEqual(["c0", "c1,c2,c3,c4", "c1,c2,c3,c4", "c5"]);
    const carrier = await runOf("c1");
    for (const id of ["c2", "c3", "c4"]) expect(await itemOf(id)).toMatchObject({ batchRunId: carrier?.id });
    expect((carrier?.events as { id: string }[]).map((e) => e.id)).toEqual(["c1", "c2", "c3", "c4"]);
  });
});

function marks(file: string): string[] {
  try {
    return readFileSync(file, "utf8").split("\n").filter(Boolean);
  } catch {
    return [];
  }
}
