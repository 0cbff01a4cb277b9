import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/lib/inngest/client.ts";
import type { Engine } from "@/lib/engine/engine.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { finishedRun, serveFunctions, startSharedEngine } from "./engine-harness.ts";

// Defect 2: concurrency limits were counted in each process's memory, so two engines on one
// database ran two runs at once for a key with limit 1 (and N processes allowed N × the
// function's limit). Defect 10: a key that is not a plain dotted path became `undefined`, so
// every run shared one key. Both written against the engine before the fix, and failing there.

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const inFlight = new Map<string, number>();
const peak = new Map<string, number>();

async function measured(group: string, ms: number) {
  inFlight.set(group, (inFlight.get(group) ?? 0) + 1);
  peak.set(group, Math.max(peak.get(group) ?? 0, inFlight.get(group) ?? 0));
  await pause(ms);
  inFlight.set(group, (inFlight.get(group) ?? 1) - 1);
}

const perKey = inngest.createFunction(
  { id: "t-shared-key", concurrency: [{ key: "event.data.k", limit: 1 }], triggers: [{ event: "test/shared-key" }] },
  async ({ event, step }) => step.run("work", () => measured(`key:${event.data.k}`, 300)),
);
const perFunction = inngest.createFunction(
  { id: "t-shared-fn", concurrency: { limit: 1 }, triggers: [{ event: "test/shared-fn" }] },
  async ({ step }) => step.run("work", () => measured("fn", 300)),
);
const celKey = inngest.createFunction(
  {
    id: "t-cel-key",
    concurrency: [{ key: "event.data.a + '-' + string(event.data.b)", limit: 1 }],
    triggers: [{ event: "test/cel-key" }],
  },
  async ({ step }) => step.run("work", () => measured("cel", 600)),
);

describe("concurrency limits across processes", () => {
  let database: TestDatabase;
  const engines: Engine[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    const handler = serveFunctions([perKey, perFunction, celKey]);
    for (let i = 0; i < 2; i++) {
      // Both engines share this process's one SDK client endpoint: no checkpoint calls.
      const engine = await startSharedEngine(database.prisma, handler, { leaseMs: 5000, pollMs: 50 });
      engines.push(engine);
    }
  });
  afterEach(() => {
    inFlight.clear();
    peak.clear();
  });
  afterAll(async () => {
    for (const e of engines) await e.stop();
    await database?.drop();
  });

  it("a key with limit 1 runs one run at a time, whichever engine claims it", async () => {
    // Half the events through each engine, so both have work of the same key.
    for (let i = 0; i < 6; i++) await engines[i % 2].send([{ name: "test/shared-key", data: { k: "one" } }]);
    await finishedRun(database.prisma, "t-shared-key", 6, 30_000);
    expect(peak.get("key:one")).toBe(1);
  });

  it("a function limit of 1 holds across engines", async () => {
    for (let i = 0; i < 6; i++) await engines[i % 2].send([{ name: "test/shared-fn", data: {} }]);
    await finishedRun(database.prisma, "t-shared-fn", 6, 30_000);
    expect(peak.get("fn")).toBe(1);
  });

  it("a CEL key expression gives each value its own slot", async () => {
    await engines[0].send([
      { name: "test/cel-key", data: { a: "x", b: 1 } },
      { name: "test/cel-key", data: { a: "x", b: 2 } },
    ]);
    await finishedRun(database.prisma, "t-cel-key", 2, 30_000);
    // Different values (x-1, x-2) run side by side.
    expect(peak.get("cel")).toBe(2);
    const keys = await database.prisma.engineRun.findMany({
      where: { functionId: `${inngest.id}-t-cel-key` },
      select: { concurrencyKey: true },
    });
    expect(keys.map((k) => k.concurrencyKey?.split("=")[1]).sort()).toEqual(["x-1", "x-2"]);
  });
});
