// First: it sets the Inngest environment before any other import reads it.
import { SIGNING_KEY } from "./support/cloud-mode.ts";
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deliveryRetry } from "@/lib/inngest/events.ts";
import type { RetryDue } from "@/lib/webhooks/attempt-batch.ts";
import { startReceiver, type Behaviour, type Receiver } from "../support/receiver.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { batchRoute, driveBatch, ORIGIN, RETRY_FN, type BatchItem } from "./support/batch-route.ts";
import { addDelivery, addWebhook, createAgency } from "./support/fixtures.ts";
import { driveRun, type Handler } from "./support/inngest-driver.ts";

let database: TestDatabase;
let rx: Receiver;
let agencyId: string;
// What the receiver answers, per delivery and attempt (1-based); unlisted: 200 at once.
const script = new Map<string, Behaviour[]>();

beforeAll(async () => {
  database = await createTestDatabase();
  rx = await startReceiver((req) => {
    const plan = script.get(req.headers["x-aosai-delivery"]) ?? [];
    const sent = rx.requests.filter((r) => r.headers["x-aosai-delivery"] === req.headers["x-aosai-delivery"]).length;
    return plan[sent - 1] ?? {};
  });
  agencyId = await createAgency(database.prisma);
});
afterAll(async () => {
  await rx.close();
  await database.drop();
});

async function deliveriesTo(url: string, plans: Behaviour[][]): Promise<BatchItem[]> {
  const hook = await addWebhook(database.prisma, agencyId, { url });
  const items: BatchItem[] = [];
  for (const plan of plans) {
    const { deliveryId } = await addDelivery(database.prisma, agencyId, hook.id);
    script.set(deliveryId, plan);
    items.push({ deliveryId, agencyId, webhookId: hook.id });
  }
  return items;
}

/** Retry runs, each run to its end as Inngest would start it. */
async function runRetries(handler: Handler, events: { data: Record<string, unknown>; id: string }[]) {
  await Promise.all(
    events.map((e) =>
      driveRun({
        handler,
        origin: ORIGIN,
        fnId: RETRY_FN,
        signingKey: SIGNING_KEY,
        event: { name: deliveryRetry.name, ...e },
      }),
    ),
  );
}

/** The runs a batch handed over, with the event ids the app would send them under. */
const handedOver = (retries: RetryDue[]) =>
  retries.map(({ attemptNumber, ...data }) => ({ data, id: `${data.deliveryId}-retry-${attemptNumber}` }));

/** What an admin sees of a delivery: its summary and every attempt, without ids and clocks. */
async function logOf(deliveryId: string) {
  const d = await database.prisma.delivery.findUniqueOrThrow({
    where: { id: deliveryId },
    include: { attempts: { orderBy: { number: "asc" } } },
  });
  return {
    status: d.status,
    attemptCount: d.attemptCount,
    lastStatusCode: d.lastStatusCode,
    lastErrorClass: d.lastErrorClass,
    nextAttemptAt: d.nextAttemptAt,
    completed: d.completedAt !== null,
    attempts: d.attempts.map((a) => ({
      number: a.number,
      trigger: a.trigger,
      status: a.responseStatus,
      errorClass: a.errorClass,
      errorMessage: a.errorMessage,
      body: a.responseBody,
      attemptHeader: (a.requestHeaders as Record<string, string>)["X-AOSAI-Attempt"],
    })),
  };
}

const received = (deliveryId: string) => rx.requests.filter((r) => r.headers["x-aosai-delivery"] === deliveryId);

describe("deliver-webhooks: first attempts batched per endpoint", () => {
  it("a batch with mixed outcomes leaves every delivery's log as a single delivery's run would", async () => {
    const plans: Behaviour[][] = [
      [{ status: 200, body: "thanks" }],
      [{ status: 500, body: "oops" }, { status: 200 }],
      [{ delayMs: 4_000 }, { status: 200 }],
      [{ status: 503, headers: { "Retry-After": "2" } }, { status: 500 }, { status: 200 }],
      [{ status: 500 }, { status: 500 }, { status: 500 }],
    ];
    const { handler, retries } = batchRoute(database.prisma);
    const batch = await deliveriesTo(rx.url, plans);
    const run = await driveBatch(handler, SIGNING_KEY, batch);
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ deliveries: 5, succeeded: 1, retrying: 4, failed: 0, skipped: 0 });
    // No step (the run is one request, one execution), and a retry run for each delivery that
    // did not succeed.
    expect(run.log.map((l) => l.name)).toEqual([]);
    expect(retries.map((r) => r.deliveryId).sort()).toEqual(
      batch
        .slice(1)
        .map((d) => d.deliveryId)
        .sort(),
    );
    await runRetries(handler, handedOver(retries));

    // The same scripts, one delivery per run from attempt 1 (no batch), on an endpoint of their own.
    const single = await deliveriesTo(rx.url, plans);
    await runRetries(
      handler,
      single.map((d) => ({ data: d, id: d.deliveryId })),
    );
    for (let i = 0; i < plans.length; i++)
      expect(await logOf(batch[i].deliveryId)).toEqual(await logOf(single[i].deliveryId));
    expect((await logOf(batch[2].deliveryId)).attempts[0].errorClass).toBe("timeout");
    expect((await logOf(batch[4].deliveryId)).status).toBe("failed");
    // The retry waited as the first attempt decided: Retry-After 2 s stretched the 1 s schedule.
    const [first, second] = received(batch[3].deliveryId);
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(1_950);
  });

  it("410 in a batch: no retry for it, the endpoint is disabled with the reason, the others keep their results", async () => {
    const { handler, retries } = batchRoute(database.prisma);
    const batch = await deliveriesTo(rx.url, [[{ status: 200 }], [{ status: 410 }]]);
    const run = await driveBatch(handler, SIGNING_KEY, batch);
    expect(run.output).toEqual({ deliveries: 2, succeeded: 1, retrying: 0, failed: 1, skipped: 0 });
    expect(retries).toEqual([]);
    expect(await logOf(batch[0].deliveryId)).toMatchObject({ status: "succeeded", attemptCount: 1 });
    expect(await logOf(batch[1].deliveryId)).toMatchObject({ status: "failed", attemptCount: 1, lastStatusCode: 410 });
    const webhook = await database.prisma.webhook.findUniqueOrThrow({ where: { id: batch[0].webhookId } });
    expect(webhook.status).toBe("auto_disabled");
    expect(webhook.disabledReason).toContain("410 Gone");
  });

  it("within one batch, a request that takes 10 s does not hold back the others' records", async () => {
    const { handler } = batchRoute(database.prisma, { timeoutMs: 30_000 });
    const batch = await deliveriesTo(rx.url, [[{ delayMs: 10_000 }], [{}], [{}], [{}]]);
    let finished = false;
    const run = driveBatch(handler, SIGNING_KEY, batch).finally(() => (finished = true));
    const others = batch.slice(1).map((d) => d.deliveryId);
    await vi.waitFor(
      async () =>
        expect(await database.prisma.deliveryAttempt.count({ where: { deliveryId: { in: others } } })).toBe(3),
      { timeout: 9_000, interval: 50 },
    );
    // Recorded and shown as delivered while the slow one is still waiting for its answer.
    expect(finished).toBe(false);
    expect(received(batch[0].deliveryId)[0].response).toBe("open");
    for (const id of others) expect(await logOf(id)).toMatchObject({ status: "succeeded", completed: true });
    expect(await logOf(batch[0].deliveryId)).toMatchObject({ status: "pending", attempts: [] });
    expect((await run).output).toMatchObject({ deliveries: 4, succeeded: 4 });
  });

  it("SIGKILL mid-batch: running the step again re-sends only the deliveries that were in flight", async () => {
    // Two at a time: 1 and 2 answer at once and are recorded, 3 and 4 hang (in flight), 5 waits.
    const hang = { delayMs: 120_000 };
    const batch = await deliveriesTo(rx.url, [[{}], [{}], [hang, {}], [hang, {}], [{}]]);
    const ids = batch.map((d) => d.deliveryId);
    const runId = `run_crash_${ids[0]}`;
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "tests/webhooks/fixtures/batch-child.ts",
        database.url,
        SIGNING_KEY,
        JSON.stringify({ items: batch, runId }),
      ],
      { env: process.env, stdio: ["ignore", "inherit", "inherit"] },
    );
    const exited = new Promise((resolve) => child.on("exit", resolve));
    await vi.waitFor(
      async () => {
        expect(received(ids[2])).toHaveLength(1);
        expect(received(ids[3])).toHaveLength(1);
        expect(await database.prisma.deliveryAttempt.count({ where: { deliveryId: { in: ids.slice(0, 2) } } })).toBe(2);
      },
      { timeout: 30_000, interval: 50 },
    );
    child.kill("SIGKILL");
    await exited;
    expect(received(ids[4])).toHaveLength(0);

    // Inngest runs the unfinished step again (same run), here in this process.
    const { handler } = batchRoute(database.prisma, { timeoutMs: 30_000, endpointConcurrency: 2 });
    const run = await driveBatch(handler, SIGNING_KEY, batch, runId);
    expect(run.output).toEqual({ deliveries: 5, succeeded: 5, retrying: 0, failed: 0, skipped: 0 });
    expect(ids.map((id) => received(id).map((r) => r.headers["x-aosai-attempt"]))).toEqual([
      ["1"],
      ["1"],
      ["1", "1"],
      ["1", "1"],
      ["1"],
    ]);
    for (const id of ids) {
      const log = await logOf(id);
      expect(log).toMatchObject({ status: "succeeded", attemptCount: 1 });
      expect(log.attempts.map((a) => a.number)).toEqual([1]);
    }
  });
});
