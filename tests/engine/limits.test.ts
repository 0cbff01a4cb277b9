import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/lib/inngest/client.ts";
import type { Engine } from "@/lib/engine/engine.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { finishedRun, startTestEngine } from "./engine-harness.ts";

// Defect 8: Inngest's limits, enforced embedded with Inngest's messages (1,000 steps a run,
// 4 MB a step result, 32 MB of run state, 256 KB an event, 5,000 events a send). Written
// against the engine before the fix, which let every one of these through.

const MB = 1024 * 1024;

const manySteps = inngest.createFunction(
  { id: "t-limit-steps", retries: 0, triggers: [{ event: "test/limit-steps" }] },
  async ({ step }) => {
    for (let i = 0; i < 1001; i++) await step.run(`s-${i}`, () => i);
    return "all";
  },
);
const bigResult = inngest.createFunction(
  { id: "t-limit-output", retries: 1, triggers: [{ event: "test/limit-output" }] },
  async ({ step }) => step.run("big", () => "x".repeat(4 * MB + 10)),
);
const bigState = inngest.createFunction(
  { id: "t-limit-state", retries: 0, triggers: [{ event: "test/limit-state" }] },
  async ({ step }) => {
    for (let i = 0; i < 9; i++) await step.run(`chunk-${i}`, () => "x".repeat(4 * MB - 100));
    return "all";
  },
);

describe("Inngest's limits", () => {
  let database: TestDatabase;
  let engine: Engine;
  beforeAll(async () => {
    database = await createTestDatabase();
    engine = await startTestEngine(database.prisma, [manySteps, bigResult, bigState]);
  });
  afterAll(async () => {
    await engine?.stop();
    await database?.drop();
  });

  it("a send of more than 5,000 events, or with an event over 256 KB, is refused whole", async () => {
    const many = Array.from({ length: 5001 }, () => ({ name: "test/nobody", data: {} }));
    await expect(inngest.send(many)).rejects.toThrow("Cannot have more than 5000 events in a batch");
    await expect(inngest.send({ name: "test/nobody", data: { s: "x".repeat(256 * 1024) } })).rejects.toThrow(
      "Event is over the max size",
    );
    expect(await database.prisma.engineEvent.count({ where: { name: "test/nobody" } })).toBe(0);
  });

  it("a run past 1,000 steps fails with Inngest's step-limit error", { timeout: 120_000 }, async () => {
    await engine.send([{ name: "test/limit-steps", data: {} }]);
    const [run] = await finishedRun(database.prisma, "t-limit-steps", 1, 100_000);
    expect(run.status).toBe("failed");
    expect(run.error).toBe("InngestErrFunctionOverflowed: The function run exceeded the step limit of 1000 steps.");
  });

  it("a step result over 4 MB is an error of its step: retried, then the run fails", async () => {
    await engine.send([{ name: "test/limit-output", data: {} }]);
    const [run] = await finishedRun(database.prisma, "t-limit-output", 1, 30_000);
    expect(run.status).toBe("failed");
    expect(run.error).toBe("step output size is greater than the limit");
    expect(await database.prisma.engineStep.count({ where: { runId: run.id } })).toBe(0);
  });

  it("run state over 32 MB fails the run at once", { timeout: 60_000 }, async () => {
    await engine.send([{ name: "test/limit-state", data: {} }]);
    const [run] = await finishedRun(database.prisma, "t-limit-state", 1, 50_000);
    expect(run.status).toBe("failed");
    expect(run.error).toBe(
      "InngestErrStateOverflowed: The function run exceeded the state size limit of 33554432 bytes.",
    );
    expect(await database.prisma.engineStep.count({ where: { runId: run.id } })).toBe(8);
  });
});
