import { describe, expect, it } from "vitest";
import { attemptDelivery } from "@/lib/webhooks/attempt-delivery.ts";
import { recordAttempt, type RecordAttemptInput } from "@/lib/webhooks/record-attempt.ts";
import { retryDelivery } from "@/lib/webhooks/retry-deliveries.ts";
import { reserveAttempt } from "@/lib/webhooks/reserve-attempt.ts";
import { hotPoolOf } from "@/lib/db/prepared-statements.ts";
import { addDelivery, addWebhook, createAgency } from "./support/fixtures.ts";
import { setUpThisFile } from "../support/file-setup.ts";

// The attempt path shares statements between concurrent attempts (lib/db/statement-batcher.ts).
// These run many attempts at once and check every row as if each had been alone.

const fx = setUpThisFile();
const opts = { allowPrivateUrls: true, timeoutMs: 2_000 };
const once = { schedule: [], jitter: 0, maxRetryAfterMs: 0 };
const prisma = () => fx.db.prisma;

/** recordAttempt for a delivery's first automatic attempt, as the attempt path calls it. */
function recordFirstAutoAttempt(
  agencyId: string,
  deliveryId: string,
  webhookId: string,
  outcome: Pick<RecordAttemptInput, "result" | "deliveryStatus" | "nextAttemptAt" | "now">,
) {
  return recordAttempt(prisma(), {
    agencyId,
    deliveryId,
    webhookId,
    number: 1,
    trigger: "auto",
    request: { url: fx.receiver.url, headers: {}, body: "{}" },
    affectsHealth: true,
    ...outcome,
  });
}

describe("concurrent attempts", () => {
  it("records 60 attempts over 3 endpoints made at once, each with its own number, status and log row", async () => {
    const agencyId = await createAgency(prisma());
    const hooks = await Promise.all(
      [0, 1, 2].map((i) => addWebhook(prisma(), agencyId, { url: `${fx.receiver.url}/h${i}` })),
    );
    const deliveries = await Promise.all(
      Array.from({ length: 60 }, (_, i) => addDelivery(prisma(), agencyId, hooks[i % 3].id)),
    );
    // Endpoint 2 fails everything; the others succeed.
    fx.receiver.setDefault((req) => (req.path.endsWith("/h2") ? { status: 503 } : { status: 200 }));
    const results = await Promise.all(
      deliveries.map((d) =>
        attemptDelivery(prisma(), {
          ...opts,
          agencyId,
          deliveryId: d.deliveryId,
          trigger: "auto",
          autoAttempt: 1,
          policy: once,
        }),
      ),
    );
    expect(results.every((r) => r.kind === "attempted" && r.number === 1)).toBe(true);
    const rows = await prisma().delivery.findMany({ where: { agencyId }, include: { attempts: true } });
    expect(rows).toHaveLength(60);
    for (const row of rows) {
      const failing = row.webhookId === hooks[2].id;
      expect(row).toMatchObject({
        status: failing ? "failed" : "succeeded",
        attemptCount: 1,
        lastStatusCode: failing ? 503 : 200,
      });
      expect(row.attempts).toHaveLength(1);
      expect(row.attempts[0]).toMatchObject({
        number: 1,
        responseStatus: failing ? 503 : 200,
        webhookId: row.webhookId,
      });
    }
    const streaks = await prisma().webhook.findMany({ where: { agencyId }, select: { id: true, failingSince: true } });
    for (const w of streaks) expect(w.failingSince === null).toBe(w.id !== hooks[2].id);
    // The streak began with the first failure recorded: one of the failed attempts' times, none earlier.
    const failedAt = rows.filter((r) => r.webhookId === hooks[2].id).map((r) => r.attempts[0].createdAt.getTime());
    const start = streaks.find((w) => w.id === hooks[2].id)?.failingSince?.getTime();
    expect(failedAt).toContain(start);
    expect(Math.min(...failedAt)).toBe(start);
  });

  it("a manual retry racing the automatic attempt of the same delivery: only one of them sends", async () => {
    const agencyId = await createAgency(prisma());
    const hook = await addWebhook(prisma(), agencyId, { url: fx.receiver.url });
    fx.receiver.setDefault({ status: 500, delayMs: 300 });
    const before = fx.receiver.requests.length;
    const { deliveryId } = await addDelivery(prisma(), agencyId, hook.id);
    const [auto, manual] = await Promise.allSettled([
      attemptDelivery(prisma(), {
        ...opts,
        agencyId,
        deliveryId,
        trigger: "auto",
        autoAttempt: 1,
        policy: { schedule: [60_000], jitter: 0, maxRetryAfterMs: 0 },
      }),
      retryDelivery(prisma(), { ...opts, agencyId, deliveryId }),
    ]);
    // The one that came second finds the other's attempt in flight: the automatic one is
    // skipped (its run waits for the result), the manual one is refused with a sentence.
    const autoSkipped =
      auto.status === "fulfilled" && auto.value.kind === "skipped" && auto.value.reason === "in_flight";
    const manualRefused = manual.status === "rejected" && (manual.reason as { code?: string }).code === "CONFLICT";
    expect([autoSkipped, manualRefused].filter(Boolean)).toHaveLength(1);
    const attempts = await prisma().deliveryAttempt.findMany({ where: { deliveryId }, orderBy: { number: "asc" } });
    expect(attempts.map((a) => a.number)).toEqual([1]);
    expect(fx.receiver.requests.length - before).toBe(1);
    fx.receiver.setDefault({ status: 500 });
  });

  it("records an answer whose body holds a NUL byte (PostgreSQL text cannot), without failing the others", async () => {
    const agencyId = await createAgency(prisma());
    const hooks = await Promise.all(
      [0, 1].map((i) => addWebhook(prisma(), agencyId, { url: `${fx.receiver.url}/n${i}` })),
    );
    fx.receiver.setDefault((req) =>
      req.path.endsWith("/n0") ? { status: 200, body: "ok\u0000done" } : { status: 200, body: "fine" },
    );
    const ds = await Promise.all(hooks.map((h) => addDelivery(prisma(), agencyId, h.id)));
    const results = await Promise.all(
      ds.map((d) =>
        attemptDelivery(prisma(), {
          ...opts,
          agencyId,
          deliveryId: d.deliveryId,
          trigger: "auto",
          autoAttempt: 1,
          policy: once,
        }),
      ),
    );
    expect(results.map((r) => r.kind === "attempted" && r.ok)).toEqual([true, true]);
    const bodies = await prisma().deliveryAttempt.findMany({
      where: { deliveryId: { in: ds.map((d) => d.deliveryId) } },
      select: { webhookId: true, responseBody: true },
    });
    expect(bodies.find((b) => b.webhookId === hooks[0].id)?.responseBody).toBe("ok\uFFFDdone");
    expect(bodies.find((b) => b.webhookId === hooks[1].id)?.responseBody).toBe("fine");
  });

  // Seen in tests/reliability/multi-process-faults.test.ts: a process paused (SIGSTOP) with an
  // attempt in flight wakes up after another process re-sent it and succeeded; its own record
  // (a timeout: its clock ran while it slept) put the delivery back to pending and a retry run
  // POSTed the webhook a third time.
  it("keeps a delivered webhook delivered when an automatic attempt of it is recorded late", async () => {
    const agencyId = await createAgency(prisma());
    const hook = await addWebhook(prisma(), agencyId, { url: fx.receiver.url });
    fx.receiver.setDefault({ status: 200 });
    const { deliveryId } = await addDelivery(prisma(), agencyId, hook.id);
    const delivered = await attemptDelivery(prisma(), {
      ...opts,
      agencyId,
      deliveryId,
      trigger: "auto",
      autoAttempt: 1,
      policy: once,
    });
    expect(delivered).toMatchObject({ kind: "attempted", ok: true });
    const late = {
      ok: false,
      statusCode: null,
      responseHeaders: null,
      responseBody: null,
      responseTruncated: false,
      durationMs: 3000,
      errorClass: "timeout" as const,
      errorMessage: "The endpoint did not answer within 3000 ms",
    };
    await recordFirstAutoAttempt(agencyId, deliveryId, hook.id, {
      result: late,
      deliveryStatus: "pending",
      nextAttemptAt: new Date(Date.now() + 60_000),
    });
    const row = await prisma().delivery.findUniqueOrThrow({ where: { id: deliveryId }, include: { attempts: true } });
    expect(row).toMatchObject({ status: "succeeded", lastStatusCode: 200, nextAttemptAt: null });
    // The log still shows both sends.
    expect(row.attempts.map((a) => a.errorClass ?? a.responseStatus).sort()).toEqual([200, "timeout"]);
    // A manual retry still records its own outcome.
    fx.receiver.setDefault({ status: 500 });
    await retryDelivery(prisma(), { ...opts, agencyId, deliveryId });
    expect((await prisma().delivery.findUniqueOrThrow({ where: { id: deliveryId } })).lastStatusCode).toBe(500);
  });

  // The two races above, made certain: the other side's statement holds its row (uncommitted)
  // while ours runs, then commits. Ours must decide on what it committed, not on the row as it
  // was when ours began.
  it("a reservation made while another of the same delivery is uncommitted waits, then finds it in flight", async () => {
    const agencyId = await createAgency(prisma());
    const hook = await addWebhook(prisma(), agencyId, { url: fx.receiver.url });
    const { deliveryId } = await addDelivery(prisma(), agencyId, hook.id);
    const other = await hotPoolOf(prisma())!.connect();
    try {
      await other.query("BEGIN");
      // The automatic attempt's reservation, in another process's statement not yet committed.
      await other.query(
        `UPDATE deliveries SET attempt_count = attempt_count + 1, attempt_token = 'run_other:1', updated_at = now() WHERE id = $1`,
        [deliveryId],
      );
      const manual = reserveAttempt(prisma(), { agencyId, deliveryId, trigger: "manual", inFlightMs: 40_000 });
      // Long enough for the manual reservation's statement to be under way, waiting for the row.
      await new Promise((r) => setTimeout(r, 300));
      await other.query("COMMIT");
      expect(await manual).toMatchObject({ number: null, refusal: "in_flight" });
    } finally {
      other.release();
    }
    expect((await prisma().delivery.findUniqueOrThrow({ where: { id: deliveryId } })).attemptCount).toBe(1);
  });

  it("a failure recorded after a later one started the endpoint's streak moves the streak's start back to it", async () => {
    const agencyId = await createAgency(prisma());
    const hook = await addWebhook(prisma(), agencyId, { url: fx.receiver.url });
    const { deliveryId } = await addDelivery(prisma(), agencyId, hook.id);
    const failedAt = new Date(Date.now() - 2_000);
    const laterFailure = new Date(failedAt.getTime() + 1_000);
    const other = await hotPoolOf(prisma())!.connect();
    try {
      await other.query("BEGIN");
      // Another statement's later failure started the streak; it commits after ours began.
      await other.query(`UPDATE webhooks SET failing_since = $2 WHERE id = $1`, [hook.id, laterFailure]);
      const recorded = recordFirstAutoAttempt(agencyId, deliveryId, hook.id, {
        result: {
          ok: false,
          statusCode: 503,
          responseHeaders: {},
          responseBody: "",
          responseTruncated: false,
          durationMs: 5,
          errorClass: "http_status" as const,
          errorMessage: "HTTP 503",
        },
        deliveryStatus: "failed",
        nextAttemptAt: null,
        now: failedAt,
      });
      await new Promise((r) => setTimeout(r, 300));
      await other.query("COMMIT");
      await recorded;
    } finally {
      other.release();
    }
    const webhook = await prisma().webhook.findUniqueOrThrow({ where: { id: hook.id } });
    expect(webhook.failingSince?.getTime()).toBe(failedAt.getTime());
  });
});
