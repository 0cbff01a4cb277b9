// The ceiling: signed POSTs straight from an undici Pool to the loopback receiver, no database,
// no engine. Same body size and headers as a real delivery, signed per request.
import { Pool } from "undici";
import { signPayload } from "@/lib/webhooks/sign-payload.ts";
import { buildPayloadBody } from "@/lib/webhooks/webhook-payload.ts";
import { sampleEventData } from "@/lib/webhooks/event-catalog.ts";
import { generateSecret } from "@/lib/webhooks/webhook-secret.ts";

export type RawResult = { requests: number; seconds: number; perSecond: number; errors: number; connections: number };

export async function measureRawLimit(
  origin: string,
  opts: { durationMs: number; connections: number },
): Promise<RawResult> {
  const pool = new Pool(origin, { connections: opts.connections, pipelining: 1, keepAliveTimeout: 10_000 });
  const secret = generateSecret();
  const data = sampleEventData("invoice.paid");
  let sent = 0;
  let done = 0;
  let errors = 0;
  let t0 = performance.now();
  let until = t0 + 500;
  // Half a second of warm-up (JIT, sockets) that is not counted.
  await Promise.all(Array.from({ length: opts.connections }, worker));
  done = 0;
  errors = 0;
  t0 = performance.now();
  until = t0 + opts.durationMs;
  async function worker() {
    while (performance.now() < until) {
      const n = sent++;
      const eventId = `evt_raw_${n}`;
      const body = buildPayloadBody({ eventId, eventType: "invoice.paid", occurredAt: new Date(), data });
      const headers = signPayload({
        body,
        eventId,
        eventType: "invoice.paid",
        deliveryId: `dlv_raw_${n}`,
        attempt: 1,
        secrets: [secret],
      });
      try {
        const res = await pool.request({ path: `/hook/${n % 5}`, method: "POST", headers, body });
        await res.body.dump();
        if (res.statusCode >= 200 && res.statusCode < 300) done++;
        else errors++;
      } catch {
        errors++;
      }
    }
  }
  await Promise.all(Array.from({ length: opts.connections }, worker));
  const seconds = (performance.now() - t0) / 1000;
  await pool.close();
  return { requests: done, seconds, perSecond: done / seconds, errors, connections: opts.connections };
}
