// The peer baseline: the same job done the way a Node team would write it without this product,
// following BullMQ's own guides — a Queue fed with one job per (event, endpoint) by `addBulk`,
// a Worker with `concurrency` for I/O-bound jobs, `attempts` + exponential `backoff` for retries,
// `removeOnComplete`/`removeOnFail` to bound Redis, `maxRetriesPerRequest: null` on the worker's
// connection. Each job: build the payload, both signatures (lib/webhooks' signing), undici POST,
// the attempt recorded in PostgreSQL in one INSERT with request and response; a non-2xx throws so
// BullMQ retries it. Same receiver, same load shapes and same RESULT line as bench/e2e-worker.ts.
import { Queue, Worker, type Job } from "bullmq";
import pg from "pg";
import { Agent, request } from "undici";
import { newId } from "@/lib/ids.ts";
import { sampleEventData } from "@/lib/webhooks/event-catalog.ts";
import { signPayload } from "@/lib/webhooks/sign-payload.ts";
import { buildPayloadBody } from "@/lib/webhooks/webhook-payload.ts";
import { generateSecret } from "@/lib/webhooks/webhook-secret.ts";
import { createLoadRecorder, emitAtRate, emitFullSpeed, measureDeliveries, warmUp, type E2eParams } from "./load.ts";

type DeliveryJob = {
  deliveryId: string;
  eventId: string;
  occurredAt: string;
  data: unknown;
  url: string;
  secret: string;
};

const params = JSON.parse(process.argv[2]) as E2eParams;
const REDIS = { host: "127.0.0.1", port: 6379 };
const QUEUE = `bench-peer-${newId("q").toLowerCase()}`;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
await pool.query(`CREATE TABLE IF NOT EXISTS peer_attempts (
  id text PRIMARY KEY, delivery_id text NOT NULL, event_id text NOT NULL, url text NOT NULL, number int NOT NULL,
  request_headers jsonb NOT NULL, request_body text NOT NULL, response_status int, response_headers jsonb,
  response_body text, duration_ms int NOT NULL, error text, created_at timestamptz NOT NULL DEFAULT now())`);

const endpoints = Array.from({ length: params.endpoints }, (_, i) => ({
  url: `${params.receiverOrigin}/${i < params.slowEndpoints ? "slow" : "hook"}/${i}`,
  secret: generateSecret(),
}));
const agent = new Agent({ connections: 64, keepAliveTimeout: 4_000 });

async function deliver(job: Job<DeliveryJob>): Promise<void> {
  const d = job.data;
  const body = buildPayloadBody({
    eventId: d.eventId,
    eventType: "invoice.paid",
    occurredAt: new Date(d.occurredAt),
    data: d.data,
  });
  const headers = signPayload({
    body,
    eventId: d.eventId,
    eventType: "invoice.paid",
    deliveryId: d.deliveryId,
    attempt: job.attemptsMade + 1,
    secrets: [d.secret],
  });
  const started = performance.now();
  let status: number | null = null;
  let responseHeaders: unknown = null;
  let responseBody: string | null = null;
  let error: string | null = null;
  try {
    const res = await request(d.url, {
      method: "POST",
      headers,
      body,
      dispatcher: agent,
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    status = res.statusCode;
    responseHeaders = res.headers;
    responseBody = (await res.body.text()).slice(0, 20 * 1024);
  } catch (err) {
    error = (err as Error).message;
  }
  await pool.query(
    `INSERT INTO peer_attempts (id, delivery_id, event_id, url, number, request_headers, request_body,
       response_status, response_headers, response_body, duration_ms, error)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      newId("att"),
      d.deliveryId,
      d.eventId,
      d.url,
      job.attemptsMade + 1,
      JSON.stringify(headers),
      body,
      status,
      responseHeaders === null ? null : JSON.stringify(responseHeaders),
      responseBody,
      Math.round(performance.now() - started),
      error,
    ],
  );
  if (status === null || status < 200 || status >= 300) throw new Error(error ?? `HTTP ${status}`);
}

const queue = new Queue<DeliveryJob>(QUEUE, {
  connection: REDIS,
  defaultJobOptions: {
    attempts: 8,
    backoff: { type: "exponential", delay: 5_000 },
    removeOnComplete: { count: 1_000 },
    removeOnFail: { count: 5_000 },
  },
});
const worker = new Worker<DeliveryJob>(QUEUE, deliver, {
  connection: { ...REDIS, maxRetriesPerRequest: null },
  concurrency: 64,
});
await worker.waitUntilReady();

const data = sampleEventData("invoice.paid");
// Fan-out at emit time, one job per endpoint; jobId = the delivery id, so a repeated add is a no-op.
const jobsFor = (eventId: string) =>
  endpoints.map((e) => {
    const deliveryId = newId("dlv");
    const job: DeliveryJob = { deliveryId, eventId, occurredAt: new Date().toISOString(), data, ...e };
    return { name: "deliver", data: job, opts: { jobId: deliveryId } };
  });
const warm = await warmUp(params, (id) => queue.addBulk(jobsFor(id)));
await new Promise((r) => setTimeout(r, 1000));

const recorder = createLoadRecorder();
const run =
  params.rate > 0
    ? emitAtRate(params, recorder, (id) => queue.addBulk(jobsFor(id)))
    : emitFullSpeed(params, recorder, (ids) => queue.addBulk(ids.flatMap(jobsFor)));
const result = await measureDeliveries(params, recorder, run, "postgres (peer: BullMQ + pg)", warm);
await worker.close();
await queue.obliterate({ force: true }).catch(() => {});
await queue.close();
await pool.end();
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(0);
