import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/lib/inngest/client.ts";
import { config } from "@/lib/config/index.ts";
import { setEngineEndpoint } from "@/lib/engine/embedded-fetch.ts";
import { createEngine, type Engine } from "@/lib/engine/engine.ts";
import { hashedSigningKey } from "@/lib/engine/signing.ts";
import { localSigningKey } from "@/lib/engine/local-signing-key.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { finishedRun, serveFunctions } from "./engine-harness.ts";

// With checkpointing the SDK runs a run's steps back to back in one call and commits each
// through the engine's checkpoint endpoint: fewer calls, same memoized steps.
const executed: string[] = [];
const threeSteps = inngest.createFunction(
  { id: "t-checkpoint", triggers: [{ event: "test/checkpoint" }] },
  async ({ step }) => {
    const a = await step.run("a", () => (executed.push("a"), 1));
    const b = await step.run("b", () => (executed.push("b"), 2));
    const c = await step.run("c", () => (executed.push("c"), 3));
    return { sum: a + b + c };
  },
);

describe("embedded engine with SDK checkpointing", () => {
  let database: TestDatabase;
  let engine: Engine;
  let serveCalls = 0;
  const signingKey = localSigningKey(config().dataDir);

  beforeAll(async () => {
    database = await createTestDatabase();
    const handler = serveFunctions([threeSteps]);
    engine = createEngine({
      db: database.prisma,
      signingKey,
      handler: { POST: (req) => (serveCalls++, handler.POST(req)), PUT: handler.PUT },
      pollMs: 100,
      log: () => {},
    });
    setEngineEndpoint(engine);
    await engine.start();
  });

  afterAll(async () => {
    await engine?.stop();
    await database?.drop();
  });

  it("runs a three-step function in one call to the app, with every step memoized in the database", async () => {
    serveCalls = 0;
    await engine.send([{ name: "test/checkpoint", data: {} }]);
    const [run] = await finishedRun(database.prisma, "t-checkpoint");
    expect(run.output).toEqual({ sum: 6 });
    expect(executed).toEqual(["a", "b", "c"]);
    expect(serveCalls).toBe(1);
    expect(await database.prisma.engineStep.count({ where: { runId: run.id } })).toBe(3);
  });

  it("refuses a checkpoint for a run it is not driving (stale dispatch) and an unsigned one", async () => {
    const post = (auth: string) =>
      engine.handleApiRequest(
        new Request("http://inngest-engine.invalid/v1/checkpoint/run_unknown/async", {
          method: "POST",
          headers: { authorization: auth, "content-type": "application/json" },
          body: JSON.stringify({
            run_id: "run_unknown",
            qi_id: "run_unknown:x",
            steps: [{ op: "StepRun", id: "h", data: 1 }],
          }),
        }),
      );
    expect((await post(`Bearer ${hashedSigningKey(signingKey)}`)).status).toBe(409);
    expect((await post("Bearer nope")).status).toBe(401);
    expect(await database.prisma.engineStep.count({ where: { runId: "run_unknown" } })).toBe(0);
  });
});
