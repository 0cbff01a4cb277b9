import pg from "pg";
import { describe, expect, it } from "vitest";
import { hotPoolOf } from "@/lib/db/prepared-statements.ts";
import { analyzeResizedTables } from "@/lib/db/plan-freshness.ts";
import { RESERVE, reserveAttempt } from "@/lib/webhooks/reserve-attempt.ts";
import { setUpThisFile } from "../support/file-setup.ts";
import { addDelivery, addWebhook } from "../webhooks/support/fixtures.ts";

// The hot path's prepared statements run on a pool that plans them once per connection
// (lib/db/prepared-statements.ts), and tables are analyzed as they grow so that those plans
// follow them (lib/db/plan-freshness.ts).
const fx = setUpThisFile({ agency: "Plan Studio" });

async function onEveryHotClient<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T[]> {
  // Check out every open connection at once, so each is looked at (the statement may be
  // prepared on any of them).
  const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
  try {
    return await Promise.all(clients.map(fn));
  } finally {
    for (const c of clients) c.release();
  }
}

function reserve(deliveryId: string) {
  return reserveAttempt(fx.db.prisma, { agencyId: fx.agencyId, deliveryId, trigger: "test", inFlightMs: 40_000 });
}

describe("generic plans on the hot path", () => {
  it("reads each reservation's event by its key after its delivery, even on the statistics of young tables", async () => {
    // The shape that went wrong: one agency's few hundred events, and no statistics yet on
    // events and deliveries (as in an app's first seconds, before plan-freshness analyzes
    // them). A generic plan made then hash-joined every event of the agency to the requests
    // and probed deliveries once for each: 30 ms a reservation instead of 0.1.
    const { id: webhookId } = await addWebhook(fx.db.prisma, fx.agencyId, { url: "http://127.0.0.1:9/young" });
    await addEventsWithDeliveries("evt_young_", 300, webhookId);
    const pool = hotPoolOf(fx.db.prisma)!;
    const c = await pool.connect();
    try {
      await c.query("BEGIN");
      // Statistics as a table that was never analyzed has them: none, and no row count.
      await c.query(`DELETE FROM pg_statistic WHERE starelid IN ('events'::regclass, 'deliveries'::regclass)`);
      await c.query(`UPDATE pg_class SET reltuples = -1 WHERE oid IN ('events'::regclass, 'deliveries'::regclass)`);
      await c.query(`PREPARE young_reserve AS ${RESERVE.text}`);
      const requests = reserveRequestsLiteral(["dlv_evt_young_7", "dlv_evt_young_8"]);
      const plan = (await c.query(`EXPLAIN (COSTS OFF) EXECUTE young_reserve('${requests}', 2)`)).rows
        .map((r) => r["QUERY PLAN"] as string)
        .join("\n");
      expect(plan).not.toMatch(/Seq Scan on events\b/);
      expect(plan).toMatch(/Index Scan using events_pkey on events/);
      expect(plan).not.toMatch(/Index Scan using deliveries_agency_id_event_id_idx/);
    } finally {
      await c.query("ROLLBACK");
      await c.query("DEALLOCATE young_reserve").catch(() => {});
      c.release();
    }
  });
  it("plans the reservation once per connection, not on every call", async () => {
    const { id: webhookId } = await addWebhook(fx.db.prisma, fx.agencyId, { url: "http://127.0.0.1:9/plans" });
    const { deliveryId } = await addDelivery(fx.db.prisma, fx.agencyId, webhookId);
    for (let i = 0; i < 8; i++) expect((await reserve(deliveryId))?.number).toBe(i + 1);
    const pool = hotPoolOf(fx.db.prisma)!;
    const rows = (
      await onEveryHotClient(
        pool,
        async (c) =>
          (
            await c.query<{ generic_plans: string; custom_plans: string }>(
              `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1`,
              [RESERVE.name],
            )
          ).rows,
      )
    ).flat();
    const generic = rows.reduce((n, r) => n + Number(r.generic_plans), 0);
    const custom = rows.reduce((n, r) => n + Number(r.custom_plans), 0);
    expect({ generic, custom }).toEqual({ generic: 8, custom: 0 });
  });

  it("analyzes a table that grew past twice its statistics, so the cached plans are made again for its size", async () => {
    const { id: webhookId } = await addWebhook(fx.db.prisma, fx.agencyId, { url: "http://127.0.0.1:9/grow" });
    const { deliveryId } = await addDelivery(fx.db.prisma, fx.agencyId, webhookId);
    const pool = hotPoolOf(fx.db.prisma)!;
    // What the last statistics say now, so the growth below is what the check sees.
    await analyzeUntilQuiet(pool);
    await fx.db.prisma.$executeRawUnsafe(`ALTER TABLE deliveries SET (autovacuum_enabled = false)`);
    await fx.db.prisma.$executeRawUnsafe(`ALTER TABLE events SET (autovacuum_enabled = false)`);
    await reserve(deliveryId);
    // Thousands of deliveries arrive (a bulk import of events, one delivery each).
    await addEventsWithDeliveries("evt_grow_", 6000, webhookId);
    // The server counts the new rows within seconds of the insert's commit; then the check
    // (this call, or the same check on its timer) analyzes the tables (autovacuum is off for
    // them, above, so nothing else does).
    await expect
      .poll(
        async () => {
          await analyzeResizedTables(pool);
          return (await rowEstimates()).deliveries;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBeGreaterThan(6000);
    // A table whose statistics match it is left alone.
    expect(await analyzeResizedTables(pool)).not.toContain("public.deliveries");
    // The reservation still works, and on every connection its plan probes deliveries by key.
    expect((await reserve(deliveryId))?.number).toBeGreaterThan(0);
    const plans = await onEveryHotClient(pool, async (c) => {
      const prepared = await c.query(`SELECT 1 FROM pg_prepared_statements WHERE name = $1`, [RESERVE.name]);
      if (!prepared.rowCount) return null;
      const json = reserveRequestsLiteral([deliveryId]);
      await c.query("BEGIN");
      try {
        const plan = await c.query(`EXPLAIN (COSTS OFF) EXECUTE "${RESERVE.name}"('${json}', 1)`);
        return plan.rows.map((r) => r["QUERY PLAN"] as string).join("\n");
      } finally {
        await c.query("ROLLBACK");
      }
    });
    const made = plans.filter((p): p is string => p !== null);
    expect(made.length).toBeGreaterThan(0);
    for (const plan of made) {
      expect(plan).toContain("deliveries_pkey");
      expect(plan).not.toMatch(/Seq Scan on (deliveries|events)\b/);
    }
  });
});

/** Bulk events of the file's agency, each with one delivery to `webhookId` (`dlv_` + the event ID). */
async function addEventsWithDeliveries(prefix: string, count: number, webhookId: string) {
  await fx.db.prisma.$executeRawUnsafe(
    `WITH e AS (
       INSERT INTO events (id, agency_id, type, data, occurred_at, created_at)
       SELECT $3 || g, $1, 'invoice.paid', '{}'::jsonb, now(), now() FROM generate_series(1, $4::int) g
       RETURNING id)
     INSERT INTO deliveries (id, agency_id, webhook_id, event_id, event_type, updated_at)
     SELECT 'dlv_' || e.id, $1, $2, e.id, 'invoice.paid', now() FROM e`,
    fx.agencyId,
    webhookId,
    prefix,
    count,
  );
}

/** The reservation's first parameter for test sends of these deliveries, as an SQL string literal's body. */
function reserveRequestsLiteral(deliveryIds: string[]): string {
  return JSON.stringify(
    deliveryIds.map((deliveryId) => ({
      deliveryId,
      agencyId: fx.agencyId,
      trigger: "test",
      token: null,
      onlyIfFailed: false,
      inFlightMs: 1,
      fence: null,
    })),
  ).replace(/'/g, "''");
}

async function rowEstimates(): Promise<Record<string, number>> {
  const rows = await fx.db.prisma.$queryRawUnsafe<{ relname: string; reltuples: number }[]>(
    `SELECT relname, reltuples::int AS reltuples FROM pg_class WHERE relname IN ('deliveries', 'events')`,
  );
  return Object.fromEntries(rows.map((r) => [r.relname, r.reltuples]));
}

/** Runs the check until it finds nothing to analyze (the file's own setup grew some tables). */
async function analyzeUntilQuiet(pool: pg.Pool) {
  for (let i = 0; i < 5 && (await analyzeResizedTables(pool)).length; i++);
}
