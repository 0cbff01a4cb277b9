import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attemptBatch, type BatchDelivery } from "@/lib/webhooks/attempt-batch.ts";
import { startReceiver, type Receiver } from "../support/receiver.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { addDelivery, addWebhook, createAgency } from "./support/fixtures.ts";

let database: TestDatabase;
let rx: Receiver;
let agencyId: string;
const DELAY_MS = 250;

beforeAll(async () => {
  database = await createTestDatabase();
  rx = await startReceiver();
  rx.setDefault({ delayMs: DELAY_MS });
  agencyId = await createAgency(database.prisma);
});
afterAll(async () => {
  await rx.close();
  await database.drop();
});

// Most requests open at the same moment, from their arrival times (each is answered DELAY_MS later).
function mostAtOnce(arrivals: number[]): number {
  const margin = 20; // a slot freed by an answer is taken by a request that arrives after it
  return Math.max(...arrivals.map((t) => arrivals.filter((u) => u <= t && u + DELAY_MS - margin > t).length));
}

describe("an endpoint's request slots in this process", () => {
  it("two batches of one endpoint together keep at most `concurrency` requests in flight, and every delivery goes", async () => {
    const hook = await addWebhook(database.prisma, agencyId, { url: rx.url });
    const batch = async (n: number): Promise<BatchDelivery[]> => {
      const out: BatchDelivery[] = [];
      for (let i = 0; i < n; i++)
        out.push({ ...(await addDelivery(database.prisma, agencyId, hook.id)), agencyId, webhookId: hook.id });
      return out;
    };
    const [a, b] = [await batch(3), await batch(3)];
    const before = rx.requests.length;
    const run = (deliveries: BatchDelivery[], token: string) =>
      attemptBatch(database.prisma, {
        deliveries,
        token,
        concurrency: 2,
        allowPrivateUrls: true,
        timeoutMs: 10_000,
        retryLater: async () => {},
      });
    const summaries = await Promise.all([run(a, "run_a"), run(b, "run_b")]);
    expect(summaries.map((s) => s.succeeded)).toEqual([3, 3]);
    const arrivals = rx.requests.slice(before).map((r) => r.receivedAt);
    expect(arrivals).toHaveLength(6);
    expect(mostAtOnce(arrivals)).toBe(2);
  });

  it("one failing delivery stops none of the others; the batch fails after all of them", async () => {
    const hook = await addWebhook(database.prisma, agencyId, { url: rx.url });
    const deliveries: BatchDelivery[] = [];
    for (let i = 0; i < 4; i++)
      deliveries.push({ ...(await addDelivery(database.prisma, agencyId, hook.id)), agencyId, webhookId: hook.id });
    rx.respondWith({ status: 500 }, { status: 500 });
    const before = rx.requests.length;
    const failing = attemptBatch(database.prisma, {
      deliveries,
      token: "run_failing",
      concurrency: 1,
      allowPrivateUrls: true,
      timeoutMs: 10_000,
      retryLater: async () => {
        throw new Error("hand-over lost");
      },
    });
    const err = await failing.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AggregateError);
    expect((err as AggregateError).errors.map((e: Error) => e.message)).toEqual(["hand-over lost", "hand-over lost"]);
    expect(rx.requests.length - before).toBe(4);
  });
});
