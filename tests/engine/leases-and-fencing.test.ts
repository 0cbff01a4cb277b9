import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/lib/inngest/client.ts";
import type { Engine } from "@/lib/engine/engine.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { finishedRun, runsOf, serveFunctions, startSharedEngine, startTestEngine, waitFor } from "./engine-harness.ts";
import { faultyDb } from "./faulty-db.ts";

// Defect 1 (a run driven twice) and defect 4's heartbeat: a process whose heartbeat stalls
// past its lease. Written against the engine before fenced leases: there the same process
// claimed the run again, the first driver's checkpoint got a 409 and was recorded as a
// failure (plus inngest/function.failed), and a stale driver's late writes overwrote the
// result of the process that had taken the run over.

// The heartbeat statement (before and after the fix): `SET locked_until = now() + $2::interval`.
const HEARTBEAT = /SET locked_until = now\(\) \+ \$2::interval/;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

let executions = 0;
const slowThenFast = inngest.createFunction(
  { id: "t-lease-long", triggers: [{ event: "test/lease-long" }] },
  async ({ step }) => {
    const result = await step.run("slow", async () => {
      const n = ++executions;
      // The first execution outlives its lease; any later one is quick.
      await pause(n === 1 ? 2500 : 50);
      return { n };
    });
    return result;
  },
);

describe("fenced leases", () => {
  let database: TestDatabase;
  const engines: Engine[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.stop();
    await database.prisma.engineRun.deleteMany();
    await database.prisma.engineEvent.deleteMany();
    executions = 0;
  });
  afterAll(() => database?.drop());

  const failedEvents = () => database.prisma.engineEvent.count({ where: { name: "inngest/function.failed" } });

  it("a process never claims a run it holds, even when its heartbeat missed the whole lease", async () => {
    const faulty = faultyDb(database.prisma);
    const stalled = faulty.stall(HEARTBEAT);
    const engine = await startTestEngine(faulty.prisma, [slowThenFast], { leaseMs: 600 });
    engines.push(engine);
    await engine.send([{ name: "test/lease-long", data: {} }]);
    const [run] = await finishedRun(database.prisma, "t-lease-long", 1, 10_000);
    stalled.release();
    expect(run).toMatchObject({ status: "completed", output: { n: 1 } });
    expect(executions).toBe(1);
    expect(await failedEvents()).toBe(0);
  });

  it("a driver that lost its lease cannot write: the process holding the run now decides", async () => {
    const faulty = faultyDb(database.prisma);
    const stalled = faulty.stall(HEARTBEAT);
    const handler = serveFunctions([slowThenFast]);
    const first = await startSharedEngine(faulty.prisma, handler, { leaseMs: 600 });
    engines.push(first);
    await first.send([{ name: "test/lease-long", data: {} }]);
    await waitFor(async () => executions === 1, 5000, "the first execution");
    const second = await startSharedEngine(database.prisma, handler, { leaseMs: 600 });
    engines.push(second);
    const [run] = await finishedRun(database.prisma, "t-lease-long", 1, 10_000);
    expect(run).toMatchObject({ status: "completed", output: { n: 2 } });
    // Let the first driver's step end and try to record { n: 1 }.
    await waitFor(async () => executions === 2, 5000, "both executions");
    await pause(3000);
    stalled.release();
    const [after] = await runsOf(database.prisma, "t-lease-long");
    expect(after).toMatchObject({ status: "completed", output: { n: 2 } });
    const steps = await database.prisma.engineStep.findMany({ where: { runId: run.id } });
    expect(steps.map((s) => s.data)).toEqual([{ type: "data", data: { n: 2 } }]);
    expect(await failedEvents()).toBe(0);
  });

  it("the heartbeat is chained: a slow database never has two of them in flight", async () => {
    const faulty = faultyDb(database.prisma);
    const stalled = faulty.stall(HEARTBEAT);
    const engine = await startTestEngine(faulty.prisma, [slowThenFast], { leaseMs: 300 });
    engines.push(engine);
    await engine.send([{ name: "test/lease-long", data: {} }]);
    await waitFor(async () => stalled.calls() > 0, 5000, "a heartbeat");
    await pause(1000); // ten heartbeat intervals
    expect(stalled.maxInFlight()).toBe(1);
    stalled.release();
    await finishedRun(database.prisma, "t-lease-long", 1, 10_000);
  });
});
