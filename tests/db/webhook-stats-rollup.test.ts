import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma, type PrismaClient } from "@/lib/db/generated/client.ts";
import { deliveryStats } from "@/lib/webhooks/logs/delivery-stats.ts";
import { webhookSummaries } from "@/lib/webhooks/logs/webhook-summaries.ts";
import { purgeOldDeliveries } from "@/lib/webhooks/purge-old-deliveries.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Not on a whole hour, so the 7-day window starts inside an hour of the roll-up.
const NOW = new Date("2026-11-20T10:37:12.345Z");
const WINDOW_START = NOW.getTime() - 7 * DAY;

type Attempt = {
  webhookId: string;
  trigger: "auto" | "manual" | "test";
  status: number | null;
  at: number;
  durationMs: number;
};

const STATUSES = [200, 204, 299, 300, 404, 410, 500, 503, null, 201];
const TRIGGERS = ["auto", "auto", "manual", "test"] as const;

// A spread over 12 days of every trigger and kind of outcome, plus attempts on both sides
// of the window's start (inside the partial hour and just before it).
function attemptsOf(webhookId: string, seed: number): Attempt[] {
  const spread = Array.from({ length: 120 }, (_, i): Attempt => ({
    webhookId,
    trigger: TRIGGERS[(i + seed) % TRIGGERS.length],
    status: STATUSES[(i * 7 + seed) % STATUSES.length],
    at: NOW.getTime() - ((i * 2.4 + seed) % 288) * HOUR - ((i * 61_000) % HOUR),
    durationMs: 5 + ((i * 37 + seed) % 400),
  }));
  const edge = (offsetMs: number, status: number | null): Attempt => ({
    webhookId,
    trigger: "auto",
    status,
    at: WINDOW_START + offsetMs,
    durationMs: 50,
  });
  return [...spread, edge(0, 200), edge(60_000, 500), edge(HOUR - 1, null), edge(-1, 200), edge(-60_000, 500)];
}

async function insertAttempts(prisma: PrismaClient, agencyId: string, attempts: Attempt[]): Promise<void> {
  const rows = attempts.map((a, i) => ({ ...a, id: `${agencyId}_${a.webhookId}_${i}`, createdAt: new Date(a.at) }));
  await prisma.event.createMany({
    data: rows.map((r) => ({
      id: `evt_${r.id}`,
      agencyId,
      type: "invoice.paid",
      data: {},
      occurredAt: r.createdAt,
      createdAt: r.createdAt,
    })),
  });
  await prisma.delivery.createMany({
    data: rows.map((r) => ({
      id: `dlv_${r.id}`,
      agencyId,
      webhookId: r.webhookId,
      eventId: `evt_${r.id}`,
      eventType: "invoice.paid",
      status: "succeeded",
      isTest: r.trigger === "test",
      lastStatusCode: r.status,
      createdAt: r.createdAt,
    })),
  });
  const attempt = (r: (typeof rows)[number]) => ({
    id: `att_${r.id}`,
    deliveryId: `dlv_${r.id}`,
    webhookId: r.webhookId,
    number: 1,
    trigger: r.trigger,
    requestUrl: "https://example.com",
    requestHeaders: {},
    requestBody: "{}",
    responseStatus: r.status,
    durationMs: r.durationMs,
    createdAt: r.createdAt,
  });
  // Half one row per statement, as recordAttempt writes them; half in one multi-row statement.
  const half = Math.floor(rows.length / 2);
  for (const r of rows.slice(0, half)) await prisma.deliveryAttempt.create({ data: attempt(r) });
  await prisma.deliveryAttempt.createMany({ data: rows.slice(half).map(attempt) });
}

// The queries the roll-up replaced, over the raw attempts: the figures to match.
async function directRates(prisma: PrismaClient, agencyId: string): Promise<Record<string, number>> {
  const rows = await prisma.$queryRaw<{ webhook_id: string; total: number; ok: number }[]>(Prisma.sql`
    SELECT a.webhook_id, count(*)::int AS total, count(*) FILTER (WHERE a.response_status BETWEEN 200 AND 299)::int AS ok
      FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
     WHERE d.agency_id = ${agencyId} AND a.created_at >= ${new Date(WINDOW_START)} AND a.trigger <> 'test'
     GROUP BY a.webhook_id`);
  return Object.fromEntries(rows.map((r) => [r.webhook_id, r.ok / r.total]));
}

async function directLast(prisma: PrismaClient, agencyId: string): Promise<Record<string, string>> {
  const rows = await prisma.$queryRaw<{ webhook_id: string; created_at: Date }[]>(Prisma.sql`
    SELECT DISTINCT ON (webhook_id) webhook_id, created_at FROM deliveries WHERE agency_id = ${agencyId}
     ORDER BY webhook_id, created_at DESC, id DESC`);
  return Object.fromEntries(rows.map((r) => [r.webhook_id, new Date(r.created_at).toISOString()]));
}

async function directWindow(prisma: PrismaClient, webhookId: string, since: Date) {
  const [r] = await prisma.$queryRaw<
    { total: number; ok: number; p50: number | null; p95: number | null }[]
  >(Prisma.sql`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE response_status BETWEEN 200 AND 299)::int AS ok,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms)::float8 AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms)::float8 AS p95
      FROM delivery_attempts WHERE webhook_id = ${webhookId} AND created_at >= ${since} AND trigger <> 'test'`);
  return {
    attempts: r.total,
    succeeded: r.ok,
    successRate: r.total ? r.ok / r.total : null,
    p50Ms: r.p50 == null ? null : Math.round(r.p50),
    p95Ms: r.p95 == null ? null : Math.round(r.p95),
  };
}

async function directDays(prisma: PrismaClient, webhookId: string) {
  const start = new Date(NOW.getTime() - 6 * DAY);
  start.setUTCHours(0, 0, 0, 0);
  return Promise.all(
    Array.from({ length: 7 }, async (_, i) => {
      const from = new Date(start.getTime() + i * DAY);
      const [r] = await prisma.$queryRaw<{ ok: number; failed: number }[]>(Prisma.sql`
      SELECT count(*) FILTER (WHERE response_status BETWEEN 200 AND 299)::int AS ok,
             count(*) FILTER (WHERE response_status IS NULL OR response_status NOT BETWEEN 200 AND 299)::int AS failed
        FROM delivery_attempts
       WHERE webhook_id = ${webhookId} AND created_at >= ${from} AND created_at < ${new Date(from.getTime() + DAY)} AND trigger <> 'test'`);
      return { day: from.toISOString().slice(0, 10), succeeded: r.ok, failed: r.failed };
    }),
  );
}

describe("hourly delivery stats", () => {
  let db: TestDatabase;
  const prisma = () => db.prisma;
  const A = "agy_a";
  const B = "agy_b";

  beforeAll(async () => {
    db = await createTestDatabase();
    await prisma().agency.createMany({
      data: [
        { id: A, name: "A", slug: "a" },
        { id: B, name: "B", slug: "b" },
      ],
    });
    const hook = (id: string, agencyId: string) => ({
      id,
      agencyId,
      name: id,
      url: "https://example.com",
      events: ["invoice.paid"],
      secretEnc: "enc",
    });
    await prisma().webhook.createMany({
      data: [hook("wh_a1", A), hook("wh_a2", A), hook("wh_a_idle", A), hook("wh_b1", B)],
    });
    await insertAttempts(prisma(), A, [...attemptsOf("wh_a1", 0), ...attemptsOf("wh_a2", 3)]);
    await insertAttempts(prisma(), B, attemptsOf("wh_b1", 1));
  });
  afterAll(() => db?.drop());

  it("the list page shows the same success rates and last deliveries as a count over the attempts", async () => {
    const summaries = await webhookSummaries(prisma(), { agencyId: A, now: NOW });
    const rates = await directRates(prisma(), A);
    const last = await directLast(prisma(), A);
    // An endpoint without deliveries has no row; the other agency's endpoint never shows.
    expect(Object.keys(summaries).sort()).toEqual(["wh_a1", "wh_a2"]);
    for (const id of ["wh_a1", "wh_a2"]) {
      expect(summaries[id].successRate7d).toBeCloseTo(rates[id], 12);
      expect(summaries[id].lastDelivery?.at).toBe(last[id]);
    }
    // Not a vacuous match: a rate strictly between 0 and 1.
    expect(summaries.wh_a1.successRate7d).toBeGreaterThan(0);
    expect(summaries.wh_a1.successRate7d).toBeLessThan(1);
  });

  it("counts the part of an hour at the start of the window exactly", async () => {
    const before = await webhookSummaries(prisma(), { agencyId: B, now: NOW });
    // Three non-test attempts at the window's very start (two failed) and two just before it.
    await prisma().deliveryAttempt.createMany({
      data: [0, 1, 2, 3].map((i) => ({
        id: `att_edge_${i}`,
        deliveryId: "dlv_agy_b_wh_b1_0",
        webhookId: "wh_b1",
        number: 2 + i,
        trigger: "auto",
        requestUrl: "https://example.com",
        requestHeaders: {},
        requestBody: "{}",
        responseStatus: i === 0 ? 200 : 500,
        durationMs: 1,
        createdAt: new Date(WINDOW_START + (i < 3 ? i : -1)),
      })),
    });
    const after = await webhookSummaries(prisma(), { agencyId: B, now: NOW });
    const rates = await directRates(prisma(), B);
    expect(after.wh_b1.successRate7d).toBeCloseTo(rates.wh_b1, 12);
    expect(after.wh_b1.successRate7d).toBeLessThan(before.wh_b1.successRate7d!);
  });

  it("the endpoint's stats match a count over the attempts, and stay within the agency", async () => {
    const stats = await deliveryStats(prisma(), { agencyId: A, webhookId: "wh_a1", now: NOW });
    expect(stats.last24h).toEqual(await directWindow(prisma(), "wh_a1", new Date(NOW.getTime() - DAY)));
    expect(stats.last7d).toEqual(await directWindow(prisma(), "wh_a1", new Date(WINDOW_START)));
    expect(stats.days).toEqual(await directDays(prisma(), "wh_a1"));
    expect(stats.last7d.attempts).toBeGreaterThan(stats.last24h.attempts);
    expect(stats.last24h.attempts).toBeGreaterThan(0);

    const foreign = await deliveryStats(prisma(), { agencyId: B, webhookId: "wh_a1", now: NOW });
    expect(foreign.last7d).toEqual({ attempts: 0, succeeded: 0, successRate: null, p50Ms: null, p95Ms: null });
    expect(foreign.days.every((d) => d.succeeded === 0 && d.failed === 0)).toBe(true);
  });

  it("the roll-up holds every non-test attempt, bucketed by UTC hour", async () => {
    const [r] = await prisma().$queryRaw<{ rollup: number; raw: number; rows: number; aligned: boolean }[]>(Prisma.sql`
      SELECT (SELECT sum(attempts)::int FROM webhook_stats_hourly) AS rollup,
             (SELECT count(*)::int FROM delivery_attempts WHERE trigger <> 'test') AS raw,
             (SELECT count(*)::int FROM webhook_stats_hourly) AS rows,
             (SELECT bool_and(extract(epoch FROM hour)::bigint % 3600 = 0) FROM webhook_stats_hourly) AS aligned`);
    expect(r.rollup).toBe(r.raw);
    expect(r.rows).toBeGreaterThan(10);
    expect(r.aligned).toBe(true);
  });

  it("retention drops roll-up rows older than max(retention, 8 days), and deleting an endpoint drops its rows", async () => {
    const olderThan = async (days: number) =>
      prisma().webhookStatsHourly.count({ where: { hour: { lt: new Date(NOW.getTime() - days * DAY) } } });
    const recentAttempts = async () =>
      (
        await prisma().webhookStatsHourly.aggregate({
          _sum: { attempts: true },
          where: { hour: { gte: new Date(NOW.getTime() - 8 * DAY) } },
        })
      )._sum.attempts;
    expect(await olderThan(8)).toBeGreaterThan(0);
    const recentBefore = await recentAttempts();

    // 30 days: nothing in this fixture is that old.
    expect((await purgeOldDeliveries(prisma(), { retentionDays: 30, now: NOW })).hourlyStats).toBe(0);
    // 3 days of log: the attempts of days 3–8 go, but their hourly counts stay for the 7-day rate.
    const purged = await purgeOldDeliveries(prisma(), { retentionDays: 3, now: NOW });
    expect(purged.deliveries).toBeGreaterThan(0);
    expect(purged.hourlyStats).toBeGreaterThan(0);
    expect(await olderThan(8)).toBe(0);
    expect(await recentAttempts()).toBe(recentBefore);
    expect(
      await prisma().deliveryAttempt.count({
        where: { webhookId: "wh_a1", createdAt: { lt: new Date(NOW.getTime() - 3 * DAY) } },
      }),
    ).toBe(0);

    await prisma().webhook.delete({ where: { id: "wh_a2" } });
    expect(await prisma().webhookStatsHourly.count({ where: { webhookId: "wh_a2" } })).toBe(0);
    expect(await prisma().webhookStatsHourly.count({ where: { webhookId: "wh_a1" } })).toBeGreaterThan(0);
  });
});
