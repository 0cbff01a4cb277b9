import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/lib/inngest/client.ts";
import type { PrismaClient } from "@/lib/db/index.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { finishedRun, startTestEngine } from "./engine-harness.ts";
import { faultyDb } from "./faulty-db.ts";

// Defect 3: a batched run write that lost a deadlock (40P01) rejected every caller in the
// batch; each driver abandoned its run until the lease expired, and the step whose result was
// lost ran again (for a delivery: a second POST). Written against the engine before the fix,
// where the step below ran twice.

/** A real deadlock: two transactions taking two rows in opposite orders; one of them loses. */
export async function realDeadlockError(prisma: PrismaClient): Promise<unknown> {
  await prisma.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS deadlock_demo (id int PRIMARY KEY)`);
  await prisma.$executeRawUnsafe(`INSERT INTO deadlock_demo VALUES (1), (2) ON CONFLICT DO NOTHING`);
  const take = (first: number, second: number) =>
    prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SELECT 1 FROM deadlock_demo WHERE id = ${first} FOR UPDATE`);
      await new Promise((r) => setTimeout(r, 200));
      await tx.$executeRawUnsafe(`SELECT 1 FROM deadlock_demo WHERE id = ${second} FOR UPDATE`);
    });
  const outcomes = await Promise.allSettled([take(1, 2), take(2, 1)]);
  const lost = outcomes.find((o) => o.status === "rejected");
  if (!lost || lost.status !== "rejected") throw new Error("expected one transaction to deadlock");
  return lost.reason;
}

let executions = 0;
const oneStep = inngest.createFunction(
  { id: "t-write-conflict", triggers: [{ event: "test/write-conflict" }] },
  async ({ step }) => {
    const n = await step.run("post", () => ++executions);
    return { n };
  },
);

describe("a run write that loses a deadlock", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it("is sent again: the step's result is kept and the step does not run twice", async () => {
    const deadlock = await realDeadlockError(database.prisma);
    expect(String(deadlock)).toContain("40P01");
    const faulty = faultyDb(database.prisma);
    const fault = faulty.failOnce(/INSERT INTO engine_steps/, deadlock);
    const engine = await startTestEngine(faulty.prisma, [oneStep], { checkpointing: false });
    try {
      await engine.send([{ name: "test/write-conflict", data: {} }]);
      const [run] = await finishedRun(database.prisma, "t-write-conflict", 1, 15_000);
      expect(fault.fired()).toBe(true);
      expect(run).toMatchObject({ status: "completed", output: { n: 1 } });
      expect(executions).toBe(1);
    } finally {
      await engine.stop();
    }
  });
});

describe("lock order", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it("the heartbeat skips a run whose row a write holds, instead of waiting for it (no deadlock cycle)", async () => {
    const { extendLeases } = await import("@/lib/engine/claims.ts");
    await database.prisma.$executeRawUnsafe(
      `INSERT INTO engine_runs (id, function_id, event, status, lease_token, locked_until, updated_at)
       VALUES ('run_a', 'f', '{}', 'running', 'tok-a', now() + interval '1 minute', now()),
              ('run_b', 'f', '{}', 'running', 'tok-b', now() + interval '1 minute', now())`,
    );
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    let locked = () => {};
    const isLocked = new Promise<void>((r) => (locked = r));
    const writer = database.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SELECT 1 FROM engine_runs WHERE id = 'run_b' FOR NO KEY UPDATE`);
      locked();
      await held;
    });
    await isLocked;
    const lost = await extendLeases(
      database.prisma,
      [
        { id: "run_a", token: "tok-a" },
        { id: "run_b", token: "tok-b" },
        { id: "run_c", token: "tok-c" },
      ],
      60_000,
    );
    release();
    await writer;
    // run_b was skipped (its writer extends it), not reported lost; run_c is not ours.
    expect(lost).toEqual(["run_c"]);
  });
});
