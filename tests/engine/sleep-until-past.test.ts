import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/lib/inngest/client.ts";
import type { Engine } from "@/lib/engine/engine.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { runsOf, startTestEngine, waitFor } from "./engine-harness.ts";

// Inngest finishes a `step.sleepUntil` whose time has passed at once (a retry run's `wait-1` is
// often already due when the run starts): as the run's first op, after a step, and as a Date.
const pastSleeps = inngest.createFunction(
  { id: "t-sleep-until-past", retries: 0, triggers: [{ event: "test/sleep-until-past" }] },
  async ({ event, step }) => {
    await step.sleepUntil("first", String(event.data.at));
    const at = await step.run("when", () => String(event.data.at));
    await step.sleepUntil("after-a-step", new Date(at));
    await step.sleepUntil("long-ago", new Date(0));
    const after = await step.run("after", () => "ran");
    return { after };
  },
);

describe("step.sleepUntil in the past", () => {
  let database: TestDatabase;
  let engine: Engine | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await engine?.stop();
    await database?.drop();
  });

  for (const checkpointing of [true, false]) {
    it(`finishes each at once and goes on (checkpointing ${checkpointing ? "on" : "off"})`, async () => {
      engine = await startTestEngine(database.prisma, [pastSleeps], { checkpointing });
      const id = `past-${checkpointing}`;
      await engine.send([
        { name: "test/sleep-until-past", id, data: { at: new Date(Date.now() - 60_000).toISOString() } },
      ]);
      const run = await waitFor(
        async () => {
          const rows = await database.prisma.engineRun.findMany({ where: { eventId: id } });
          return rows[0] && ["completed", "failed"].includes(rows[0].status) ? rows[0] : undefined;
        },
        10_000,
        "the run",
      );
      expect(run).toMatchObject({ status: "completed", output: { after: "ran" }, error: null, attempt: 0 });
      expect((await runsOf(database.prisma, "t-sleep-until-past")).length).toBe(checkpointing ? 1 : 2);
      await engine.stop();
      engine = undefined;
    });
  }
});
