import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { newId } from "@/lib/ids.ts";
import { forgetHeldRun, noteHeldRun } from "@/lib/engine/held-runs.ts";
import { attemptAutomatically } from "@/lib/webhooks/attempt-delivery.ts";
import { addDelivery, addWebhook, createAgency } from "./support/fixtures.ts";
import { setUpThisFile } from "../support/file-setup.ts";

// A step of an embedded run attempts a delivery only while its process holds the run under its
// lease (DESIGN §5: a process that lost its lease can no longer write). Here "another process"
// takes the run over by changing its lease token, as a claim after the lease expired does.

const fx = setUpThisFile();
const prisma = () => fx.db.prisma;
const opts = { allowPrivateUrls: true, timeoutMs: 5_000, policy: { schedule: [1_000], jitter: 0, maxRetryAfterMs: 0 } };

const takeOver = (runId: string) =>
  prisma().$executeRaw`UPDATE engine_runs SET lease_token = 'another-process' WHERE id = ${runId}`;

/**
 * One delivery to the receiver's `path`, and a running run that this process holds under
 * "lease-a", its lease last confirmed to last until `confirmedUntil`. `attempt` runs the run's
 * first automatic attempt of it as the holder of `leaseToken`; `release` forgets the held run.
 */
async function heldRunWithDelivery(path: string, confirmedUntil: number) {
  const agencyId = await createAgency(prisma());
  const hook = await addWebhook(prisma(), agencyId, { url: `${fx.receiver.url}/${path}` });
  const { deliveryId } = await addDelivery(prisma(), agencyId, hook.id);
  const runId = newId("run");
  await prisma().$executeRaw`
    INSERT INTO engine_runs (id, function_id, event, status, lease_token, locked_until, updated_at)
    VALUES (${runId}, 'agency-os-webhooks-deliver-webhooks', '{}'::jsonb, 'running', 'lease-a', now() + interval '30 seconds', now())`;
  noteHeldRun(runId, "lease-a", confirmedUntil);
  const attempt = (leaseToken: string, client: PrismaClient = prisma()) =>
    attemptAutomatically(client, {
      ...opts,
      agencyId,
      deliveryId,
      autoAttempt: 1,
      token: runId,
      fence: { runId, leaseToken },
    });
  return { deliveryId, runId, attempt, release: () => forgetHeldRun(runId, "lease-a") };
}

const logOf = (deliveryId: string) =>
  prisma().delivery.findUniqueOrThrow({ where: { id: deliveryId }, include: { attempts: true } });
const sentTo = (deliveryId: string) =>
  fx.receiver.requests
    .filter((r) => r.headers["x-aosai-delivery"] === deliveryId)
    .map((r) => r.headers["x-aosai-attempt"]);

describe("attempts fenced by the run's lease", () => {
  it("an answer that arrives after the run was taken over is left to the new holder, which logs the attempt once", async () => {
    const { deliveryId, runId, attempt, release } = await heldRunWithDelivery("late", Date.now() + 60_000);
    // The receiver answers 500 only after another process has claimed the run.
    fx.receiver.respondWith({ status: 500, delayMs: 400 });
    const taken = fx.receiver.waitForRequests(fx.receiver.requests.length + 1).then(() => takeOver(runId));
    const late = await attempt("lease-a");
    await taken;
    release();
    expect(late).toMatchObject({ kind: "skipped", reason: "run_taken_over" });
    // Nothing written by the process that lost the run: no log row, no retry scheduled.
    let d = await logOf(deliveryId);
    expect(d.attempts).toHaveLength(0);
    expect(d.status).toBe("pending");
    expect(d.nextAttemptAt).toBeNull();

    // The new holder runs the step again: the same attempt number, sent again, logged once.
    const again = await attempt("another-process");
    expect(again).toMatchObject({ kind: "attempted", number: 1, ok: true, deliveryStatus: "succeeded" });
    d = await logOf(deliveryId);
    expect(d.attempts.map((a) => [a.number, a.responseStatus])).toEqual([[1, 200]]);
    expect(sentTo(deliveryId)).toEqual(["1", "1"]);
  });

  it("a process paused past its lease after reserving sends nothing once it resumes", async () => {
    // Its lease was last confirmed long ago (the process was stopped): it must ask the database.
    const { deliveryId, runId, attempt, release } = await heldRunWithDelivery("paused", Date.now() - 1);
    // The reservation commits, then the run is claimed by another process before the send.
    const real = prisma();
    const paused = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop === "$queryRawUnsafe")
          return async (sql: string, ...params: unknown[]) => {
            const rows = await real.$queryRawUnsafe(sql, ...params);
            if (sql.includes("fence_run")) await takeOver(runId);
            return rows;
          };
        const value = Reflect.get(target, prop, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    }) as PrismaClient;
    const result = await attempt("lease-a", paused);
    release();
    expect(result).toMatchObject({ kind: "skipped", reason: "run_taken_over" });
    expect(sentTo(deliveryId)).toEqual([]);
    expect((await logOf(deliveryId)).attempts).toHaveLength(0);
  });
});
