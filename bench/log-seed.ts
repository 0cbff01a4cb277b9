// Seeds the delivery log at scale with set-based INSERT … SELECT generate_series (the fastest
// multi-row insert there is: no rows cross the wire). Secondary indexes are dropped during the
// load and rebuilt after, exactly as the migrations define them (pg_get_indexdef). The hourly
// roll-up's trigger is off during the load and one GROUP BY fills the roll-up after it: at 1M
// attempts the trigger's transition table made the insert ~12 s slower; the GROUP BY takes ~4 s.
// Last, VACUUM: a settled table has had autovacuum set its visibility map, which the stats'
// index-only scans rely on; a fresh load (or a server with autovacuum off) has not.
import pg from "pg";

export type SeedShape = {
  agencies: number;
  webhooksPerAgency: number;
  events: number;
  deliveriesPerEvent: number;
  attempts: number;
};

const TABLES = ["events", "deliveries", "delivery_attempts"];
const ROLLUP_TRIGGER = "delivery_attempts_stats_hourly";
const TYPES = [
  "client.created",
  "client.updated",
  "project.created",
  "project.updated",
  "project.completed",
  "task.created",
  "task.updated",
  "task.stage_changed",
  "invoice.created",
  "invoice.sent",
  "invoice.paid",
  "ticket.created",
  "ticket.reply",
  "time_entry.created",
];

export async function seedLog(
  client: pg.Client,
  shape: SeedShape,
  progress: (m: string) => void,
): Promise<{ seconds: number; rows: Record<string, number> }> {
  const t0 = performance.now();
  const whTotal = shape.agencies * shape.webhooksPerAgency;
  const deliveries = shape.events * shape.deliveriesPerEvent;
  const extra = shape.attempts - deliveries; // deliveries that needed a second attempt
  if (extra < 0 || extra > deliveries) throw new Error("attempts must be between deliveries and 2 × deliveries");
  const every = extra > 0 ? deliveries / extra : Infinity;
  const span = "30 days";
  const q = async (label: string, sql: string, params: unknown[] = []) => {
    const t = performance.now();
    const r = await client.query(sql, params);
    progress(`${label} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    return r;
  };

  const { rows: idx } = await client.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes
      WHERE schemaname = current_schema() AND tablename = ANY($1) AND indexname NOT LIKE '%_pkey'`,
    [TABLES],
  );
  for (const i of idx) await client.query(`DROP INDEX "${i.name}"`);
  await client.query(`SET synchronous_commit = off`);
  await client.query(`ALTER TABLE delivery_attempts DISABLE TRIGGER ${ROLLUP_TRIGGER}`);

  await q(
    "agencies",
    `INSERT INTO agencies (id, name, slug) SELECT 'agc_bench_' || a, 'Bench agency ' || a, 'bench-' || a FROM generate_series(0, $1 - 1) a`,
    [shape.agencies],
  );
  await q(
    "webhooks",
    `INSERT INTO webhooks (id, agency_id, name, url, events, secret_enc, updated_at)
     SELECT 'wh_bench_' || lpad(w::text, 4, '0'), 'agc_bench_' || (w / $2), 'Endpoint ' || w, 'https://example.com/hooks/' || w, $3::text[], 'not-a-real-ciphertext', now()
     FROM generate_series(0, $1 - 1) w`,
    [whTotal, shape.webhooksPerAgency, TYPES],
  );
  // Event e belongs to agency e % agencies; timestamps spread evenly over the last 30 days.
  await q(
    `events ×${shape.events}`,
    `INSERT INTO events (id, agency_id, type, data, occurred_at, dispatched_at, created_at)
     SELECT 'evt_' || lpad(e::text, 26, '0'), 'agc_bench_' || (e % $2), ($3::text[])[1 + (e / $2) % 14],
            -- A different invoice number per event, so a payload search finds one event, as in real use.
            jsonb_build_object('id', e, 'invoice_number', 'INV-2026-' || lpad(e::text, 6, '0'),
                               'client_name', 'Client ' || (e % 997), 'amount', 1500.0, 'currency', 'USD', 'paid_date', '2026-03-31'),
            t, t, t
     FROM generate_series(0, $1 - 1) e, LATERAL (SELECT now() - interval '${span}' + (interval '${span}' * e / $1) AS t) x`,
    [shape.events, shape.agencies, TYPES],
  );
  // Delivery k of event e goes to endpoint (e·7 + k·13) mod webhooksPerAgency of the event's agency.
  await q(
    `deliveries ×${deliveries}`,
    `INSERT INTO deliveries (id, agency_id, webhook_id, event_id, event_type, status, attempt_count, last_status_code, last_duration_ms, created_at, updated_at, completed_at)
     SELECT 'dlv_' || lpad(d::text, 26, '0'), ev.agency_id,
            'wh_bench_' || lpad(((e % $3) * $4 + ((e / $3) * 7 + k * 13) % $4)::text, 4, '0'),
            ev.id, ev.type,
            (CASE WHEN h < 3 THEN 'pending' WHEN h < 10 THEN 'failed' ELSE 'succeeded' END)::"DeliveryStatus",
            CASE WHEN floor((d + 1) / $5::float8) > floor(d / $5::float8) THEN 2 ELSE 1 END,
            CASE WHEN h < 10 THEN 500 ELSE 200 END, 20 + d % 200, ev.created_at, ev.created_at, ev.created_at + interval '1 second'
     FROM generate_series(0, $1 - 1) e
     CROSS JOIN generate_series(0, $2 - 1) k
     JOIN events ev ON ev.id = 'evt_' || lpad(e::text, 26, '0'),
     LATERAL (SELECT e * $2 + k AS d) dd,
     -- 3 % pending, 7 % failed, the rest succeeded, spread evenly over endpoints (hashed)
     LATERAL (SELECT abs(hashint8((e * $2 + k)::bigint)) % 100 AS h) hh`,
    [
      shape.events,
      shape.deliveriesPerEvent,
      shape.agencies,
      shape.webhooksPerAgency,
      Number.isFinite(every) ? every : 1e18,
    ],
  );
  const headers = JSON.stringify({
    "Content-Type": "application/json",
    "User-Agent": "AgencyOS-Webhooks/0.1.0",
    "X-AOSAI-Signature": "sha256=" + "ab".repeat(32),
    "X-AOSAI-Timestamp": "1774958400",
    "X-AOSAI-Event": "invoice.paid",
    "X-AOSAI-Event-Id": "evt_x",
    "X-AOSAI-Delivery": "dlv_x",
    "X-AOSAI-Attempt": "1",
    "webhook-id": "evt_x",
    "webhook-timestamp": "1774958400",
    "webhook-signature": "v1," + "A".repeat(44),
  });
  await q(
    `delivery attempts ×${shape.attempts}`,
    `INSERT INTO delivery_attempts (id, delivery_id, webhook_id, number, trigger, request_url, request_headers, request_body, response_status, response_headers, response_body, duration_ms, error_class, created_at)
     SELECT 'att_' || lpad(d.id_n::text, 24, '0') || n, d.id, d.webhook_id, n, 'auto', 'https://example.com/hooks/1', $1::jsonb,
            '{"id":"' || d.event_id || '","event":"' || d.event_type || '","timestamp":"2026-03-31T12:00:00Z","data":{"id":42,"invoice_number":"INV-2026-0042","client_name":"Acme Corporation","amount":1500.0,"currency":"USD","paid_date":"2026-03-31"}}',
            CASE WHEN n < d.attempt_count OR d.status = 'failed' THEN 500 ELSE 200 END, '{"content-type":"text/plain"}', 'ok', d.last_duration_ms,
            CASE WHEN n < d.attempt_count OR d.status = 'failed' THEN 'http_status' END,
            d.created_at + (n - 1) * interval '5 seconds'
     FROM (SELECT *, substr(id, 5)::bigint AS id_n FROM deliveries) d
     CROSS JOIN LATERAL generate_series(1, d.attempt_count) n`,
    [headers],
  );
  await client.query(`ALTER TABLE delivery_attempts ENABLE TRIGGER ${ROLLUP_TRIGGER}`);
  // The trigger's rules (migration 20261126200000_log_performance): no test sends, 2xx succeeded.
  await q(
    "hourly stats",
    `INSERT INTO webhook_stats_hourly (webhook_id, hour, attempts, succeeded)
     SELECT webhook_id, date_trunc('hour', created_at, 'UTC'), count(*), count(*) FILTER (WHERE response_status BETWEEN 200 AND 299)
     FROM delivery_attempts WHERE trigger <> 'test' GROUP BY 1, 2
     -- hour by hour, the order the trigger writes them in, so the pages hold what they would in production
     ORDER BY 2, 1`,
  );
  for (const i of idx) await q(`index ${i.name}`, i.def);
  await q(
    "vacuum analyze",
    `VACUUM (ANALYZE) agencies, webhooks, events, deliveries, delivery_attempts, webhook_stats_hourly`,
  );
  const counts: Record<string, number> = {};
  for (const t of ["events", "deliveries", "delivery_attempts", "webhook_stats_hourly"]) {
    counts[t] = Number((await client.query(`SELECT count(*)::bigint AS n FROM ${t}`)).rows[0].n);
  }
  return { seconds: (performance.now() - t0) / 1000, rows: counts };
}
