// Issue 17 item 2: a Retry Failed job's progress must not count a delivery twice when a step
// runs again. The step here fails mid-chunk (its third progress write is refused, as a
// database that drops the connection would), the engine retries it, and the job's n of m,
// its outcome counts and what the receiver got are each exactly once per delivery. The app's
// functions on the embedded engine, real PostgreSQL, a real receiver on 127.0.0.1.
process.env.WEBHOOK_RETRY_JITTER = "0";
process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "true";

import type { NextRequest } from "next/server";
import { serve } from "inngest/next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { resetConfig } from "@/lib/config/index.ts";
import { useDatabase } from "@/lib/db/index.ts";
import { startEmbeddedEngine, stopEmbeddedEngine } from "@/lib/engine/start.ts";
import { inngest } from "@/lib/inngest/client.ts";
import { createFunctions } from "@/inngest/functions/index.ts";
import { getRetryJob } from "@/lib/webhooks/recovery/retry-job.ts";
import { startRetryJob } from "@/lib/webhooks/recovery/start-retry-job.ts";
import { startReceiver, type Receiver } from "../support/receiver.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { addFailedDeliveries, addWebhook, createAgency } from "./support/fixtures.ts";

let db: TestDatabase;
let receiver: Receiver;
// Progress writes (one transaction each) still allowed before the next one fails; -1: never fail.
let failAfterWrites = -1;
let failures = 0;

/** The real database, except that one progress write fails when `failAfterWrites` reaches 0. */
function flakyPrisma(real: PrismaClient): PrismaClient {
  return new Proxy(real, {
    get(target, prop, receiver) {
      if (prop === "$transaction")
        return (...args: Parameters<PrismaClient["$transaction"]>) => {
          if (failAfterWrites === 0) {
            failAfterWrites = -1;
            failures++;
            return Promise.reject(new Error("Connection terminated unexpectedly"));
          }
          if (failAfterWrites > 0) failAfterWrites--;
          return (target.$transaction as (...a: unknown[]) => Promise<unknown>)(...args);
        };
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

beforeAll(async () => {
  resetConfig();
  db = await createTestDatabase();
  useDatabase(db);
  receiver = await startReceiver({ status: 200 });
  const flaky = flakyPrisma(db.prisma);
  const functions = createFunctions({
    prisma: async () => flaky,
    delivery: { allowPrivateUrls: true, timeoutMs: 5_000 },
    retryChunkSize: 100,
  });
  const route = serve({ client: inngest, functions });
  await startEmbeddedEngine(
    {
      POST: (req: Request) => route.POST(req as NextRequest, undefined),
      PUT: (req: Request) => route.PUT(req as NextRequest, undefined),
    },
    // The step's retry comes at once instead of after Inngest's backoff.
    { backoff: () => 200 },
  );
});

afterAll(async () => {
  await stopEmbeddedEngine();
  await receiver?.close();
  await db?.drop();
});

describe("Retry Failed progress when a step runs again", () => {
  // 200: the attempted deliveries no longer match the job's selection when the step runs again;
  // 500: they still do. Either way each is counted and sent once.
  it.each([
    [200, "succeeded"],
    [500, "failed"],
  ] as const)(
    "a step that fails mid-chunk and runs again counts each delivery once and sends none twice (receiver answers %i)",
    async (status, outcome) => {
      receiver.setDefault(() => ({ status }));
      const agencyId = await createAgency(db.prisma);
      const actor = { agencyId, userId: null, label: "Ada Admin <ada@example.test>" };
      const path = `/rerun-${status}`;
      const hook = await addWebhook(db.prisma, agencyId, { url: `${receiver.url}${path}`, events: ["invoice.paid"] });
      await addFailedDeliveries(db.prisma, { agencyId, webhookId: hook.id, count: 250, prefix: `rerun${status}` });
      // Two progress writes of the first chunk (50 attempts, counted), then the third fails.
      failures = 0;
      failAfterWrites = 2;
      const job = await startRetryJob(db.prisma, {
        actor,
        selection: { webhookId: hook.id, from: new Date(Date.now() - 3_600_000), to: new Date() },
      });
      expect(job.total).toBe(250);
      const seen: number[] = [];
      for (;;) {
        const now = await getRetryJob(db.prisma, { agencyId, jobId: job.id });
        seen.push(now.processed);
        if (now.status !== "running") break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(failures, "the step did fail once").toBe(1);
      expect(await getRetryJob(db.prisma, { agencyId, jobId: job.id })).toMatchObject({
        status: "completed",
        total: 250,
        processed: 250,
        succeeded: outcome === "succeeded" ? 250 : 0,
        failed: outcome === "failed" ? 250 : 0,
        skipped: 0,
      });
      // Never more than m on the way either.
      expect(Math.max(...seen)).toBeLessThanOrEqual(250);
      const sent = receiver.requests.filter((r) => r.path.endsWith(path));
      expect(sent).toHaveLength(250);
      expect(new Set(sent.map((r) => r.headers["x-aosai-delivery"])).size).toBe(250);
      expect(await db.prisma.delivery.count({ where: { webhookId: hook.id, status: outcome, attemptCount: 2 } })).toBe(
        250,
      );
      // The first chunk kept the deliveries it took at its first run, with its own counts.
      const [chunk] = await db.prisma.retryJobChunk.findMany({ where: { jobId: job.id, chunk: "" } });
      expect(chunk).toMatchObject({ processed: 100, [outcome]: 100 });
      expect(chunk.deliveryIds).toHaveLength(100);
    },
    120_000,
  );
});
