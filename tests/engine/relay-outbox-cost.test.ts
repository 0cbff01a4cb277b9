import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/lib/inngest/client.ts";
import { createFunctions } from "@/inngest/functions/index.ts";
import type { Engine } from "@/lib/engine/engine.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { addEvent, createAgency } from "../webhooks/support/fixtures.ts";
import { startTestEngine, tickCron } from "./engine-harness.ts";

// Defect 9: relay-outbox ran a step every minute (~86,000 Inngest executions a month by
// itself). Now it ticks every 15 minutes and runs its step only when an event is waiting.

describe("relay-outbox on Inngest's bill", () => {
  let database: TestDatabase;
  let engine: Engine;
  const fnId = `${inngest.id}-relay-outbox`;
  beforeAll(async () => {
    database = await createTestDatabase();
    engine = await startTestEngine(database.prisma, createFunctions({ prisma: async () => database.prisma }));
  });
  afterAll(async () => {
    await engine?.stop();
    await database?.drop();
  });

  const tick = (n: number) => tickCron(database.prisma, "relay-outbox", n, 10_000);

  it("ticks every 15 minutes and costs no step when nothing waits", async () => {
    const cron = await database.prisma.engineCron.findUniqueOrThrow({ where: { functionId: fnId } });
    expect(cron.nextAt.getUTCMinutes() % 15).toBe(0);
    const idle = await tick(1);
    expect(idle.output).toEqual({ relayed: 0, stalledDeliveriesFailed: 0 });
    expect(await database.prisma.engineStep.count({ where: { runId: idle.id } })).toBe(0);
  });

  it("relays in a step when an event was left undispatched", async () => {
    const agencyId = await createAgency(database.prisma);
    const eventId = await addEvent(database.prisma, agencyId);
    await database.prisma.event.updateMany({
      where: { id: eventId },
      data: { createdAt: new Date(Date.now() - 60_000) },
    });
    const busy = await tick(2);
    expect(busy.output).toEqual({ relayed: 1, stalledDeliveriesFailed: 0 });
    expect(await database.prisma.engineStep.count({ where: { runId: busy.id } })).toBe(1);
  });
});
