// Times the UI's own log functions (lib/webhooks/logs) against the seeded million-row log, and
// EXPLAINs the SQL Prisma actually sent for each, to show which index (if any) answers it.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/db/generated/client.ts";
import { deliveryStats } from "@/lib/webhooks/logs/delivery-stats.ts";
import { getDeliveryDetail } from "@/lib/webhooks/logs/get-delivery.ts";
import { encodeCursor } from "@/lib/webhooks/logs/log-cursor.ts";
import { listDeliveries } from "@/lib/webhooks/logs/list-deliveries.ts";
import { listAgencyDeliveries } from "@/lib/webhooks/logs/list-agency-deliveries.ts";
import { LOG_PAGE_SIZE } from "@/lib/webhooks/logs/log-query.ts";
import { webhookSummaries } from "@/lib/webhooks/logs/webhook-summaries.ts";
import { summarize, type LatencySummary } from "./stats.ts";

export type QueryResult = {
  name: string;
  rows: number;
  ms: LatencySummary;
  indexes: string[];
  seqScans: string[];
  plan: string[];
};

type Captured = { query: string; params: string };

export async function timeLogQueries(
  url: string,
  opts: { iterations: number },
  progress: (m: string) => void,
): Promise<QueryResult[]> {
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: 4 }),
    log: [{ emit: "event", level: "query" }],
  });
  let captured: Captured[] = [];
  prisma.$on("query", (e) => captured.push({ query: e.query, params: e.params }));
  const explain = new pg.Client({ connectionString: url });
  await explain.connect();

  // The busiest endpoint of agency 0 and a delivery and an event of it.
  const {
    rows: [target],
  } = await explain.query<{ webhook_id: string; agency_id: string; n: number }>(
    `SELECT webhook_id, agency_id, count(*)::int AS n FROM deliveries WHERE agency_id = 'agc_bench_0' GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1`,
  );
  const agencyId = target.agency_id;
  const webhookId = target.webhook_id;
  const deep = Math.floor(target.n * 0.75);
  const {
    rows: [deepRow],
  } = await explain.query<{ created_at: Date; id: string }>(
    `SELECT created_at, id FROM deliveries WHERE webhook_id = $1 ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 1`,
    [webhookId, deep],
  );
  const {
    rows: [mid],
  } = await explain.query<{ id: string; event_id: string }>(
    `SELECT id, event_id FROM deliveries WHERE webhook_id = $1 ORDER BY created_at DESC OFFSET $2 LIMIT 1`,
    [webhookId, Math.floor(target.n / 2)],
  );
  const {
    rows: [payload],
  } = await explain.query<{ invoice: string }>(`SELECT data->>'invoice_number' AS invoice FROM events WHERE id = $1`, [
    mid.event_id,
  ]);
  const allPage = (q: Record<string, unknown>) =>
    ({ limit: LOG_PAGE_SIZE, ...q }) as Parameters<typeof listAgencyDeliveries>[1]["query"];
  const page = (q: Record<string, unknown>) =>
    ({ limit: LOG_PAGE_SIZE, ...q }) as Parameters<typeof listDeliveries>[1]["query"];
  const base = { agencyId, webhookId };

  const cases: { name: string; run: () => Promise<number> }[] = [
    { name: "first page", run: async () => (await listDeliveries(prisma, { ...base, query: page({}) })).items.length },
    {
      name: "filter status=failed",
      run: async () => (await listDeliveries(prisma, { ...base, query: page({ status: "failed" }) })).items.length,
    },
    {
      name: "filter event type",
      run: async () =>
        (await listDeliveries(prisma, { ...base, query: page({ eventType: "invoice.paid" }) })).items.length,
    },
    {
      name: "search event ID",
      run: async () => (await listDeliveries(prisma, { ...base, query: page({ eventId: mid.event_id }) })).items.length,
    },
    {
      name: `deep cursor (row ${deep.toLocaleString("en")})`,
      run: async () =>
        (
          await listDeliveries(prisma, {
            ...base,
            query: page({ cursor: encodeCursor({ createdAt: deepRow.created_at, id: deepRow.id }) }),
          })
        ).items.length,
    },
    {
      name: "delivery detail",
      run: async () => ((await getDeliveryDetail(prisma, { ...base, deliveryId: mid.id })) ? 1 : 0),
    },
    // Settings → Webhooks → Deliveries: every endpoint of the agency at once (issue 17).
    {
      name: "all endpoints: first page",
      run: async () => (await listAgencyDeliveries(prisma, { agencyId, query: allPage({}) })).items.length,
    },
    {
      name: "all endpoints: search event ID",
      run: async () =>
        (await listAgencyDeliveries(prisma, { agencyId, query: allPage({ eventId: mid.event_id }) })).items.length,
    },
    {
      name: `all endpoints: search payload value (${payload.invoice})`,
      run: async () =>
        (await listAgencyDeliveries(prisma, { agencyId, query: allPage({ q: payload.invoice }) })).items.length,
    },
    { name: "list page summaries", run: async () => Object.keys(await webhookSummaries(prisma, { agencyId })).length },
    { name: "endpoint stats 24h/7d", run: async () => (await deliveryStats(prisma, base)).last7d.attempts },
  ];

  const results: QueryResult[] = [];
  for (const c of cases) {
    for (let i = 0; i < 3; i++) await c.run(); // warm: plan cache, buffers
    const times: number[] = [];
    let rows = 0;
    captured = [];
    const budget = performance.now() + 15_000; // slow queries get fewer runs (at least 5)
    for (let i = 0; i < opts.iterations && (i < 5 || performance.now() < budget); i++) {
      if (i === 1) captured = [];
      const t = performance.now();
      rows = await c.run();
      times.push(performance.now() - t);
      if (i === 0) captured = captured.slice(); // keep the first iteration's SQL
    }
    const sqls = dedupe(captured.slice(0, 8));
    const plan: string[] = [];
    for (const s of sqls) {
      if (!/^\s*(SELECT|WITH)/i.test(s.query)) continue;
      const params = JSON.parse(s.params) as unknown[];
      const { rows: lines } = await explain
        .query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${s.query}`, params)
        .catch((err: Error) => ({ rows: [{ "QUERY PLAN": `EXPLAIN failed: ${err.message}` }] }));
      plan.push(
        `-- ${s.query.replace(/\s+/g, " ").slice(0, 300)}`,
        ...lines.map((l: Record<string, string>) => l["QUERY PLAN"]),
      );
    }
    const text = plan.join("\n");
    const indexes = [
      ...new Set(
        [...text.matchAll(/Index(?: Only)? Scan(?: Backward)? using (\w+)|Bitmap Index Scan on (\w+)/g)].map(
          (m) => m[1] ?? m[2],
        ),
      ),
    ];
    const seqScans = [...new Set([...text.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]))];
    const r = { name: c.name, rows, ms: summarize(times), indexes, seqScans, plan };
    results.push(r);
    progress(
      `${c.name}: p50 ${r.ms.p50} ms, p95 ${r.ms.p95} ms — ${indexes.join(", ") || "no index"}${seqScans.length ? `; seq scan on ${seqScans.join(", ")}` : ""}`,
    );
  }
  await explain.end();
  await prisma.$disconnect();
  return results;
}

function dedupe(list: Captured[]): Captured[] {
  const seen = new Set<string>();
  return list.filter((c) => (seen.has(c.query) ? false : (seen.add(c.query), true)));
}
