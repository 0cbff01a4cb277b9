import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { emitEventAndDispatch } from "@/lib/events/index.ts";
import { newId } from "@/lib/ids.ts";
import { EVENT_TYPES, sampleEventData } from "@/lib/webhooks/event-catalog.ts";
import { createWebhook } from "@/lib/webhooks/webhook-repo.ts";
import { seededRandom, startFaultyReceiver, type FaultyReceiver, type Outcome } from "./faulty-receiver.ts";

async function createAgency(prisma: PrismaClient, name: string): Promise<string> {
  const id = newId("agc");
  await prisma.agency.create({ data: { id, name, slug: id } });
  return id;
}

/** A webhook through the real domain function (private URLs allowed: receivers are on 127.0.0.1). */
async function addWebhook(
  prisma: PrismaClient,
  agencyId: string,
  input: { name: string; url: string; events: string[] },
) {
  const { webhook } = await createWebhook(prisma, { agencyId, allowPrivateUrls: true, input });
  return webhook;
}

export type SoakOptions = {
  events: number;
  endpoints: number;
  faultRate: number;
  senderTimeoutMs: number;
  refusedEveryMs: number;
  refusedForMs: number;
  seed: number;
  /** Give up waiting for the deliveries to settle after this long. */
  settleTimeoutMs: number;
  emitConcurrency?: number;
  progress?: (line: string) => void;
};

export type SoakReport = {
  seed: number;
  events: number;
  endpoints: number;
  expectedDeliveries: number;
  succeeded: number;
  failed: number;
  lost: number;
  attempts: number;
  retries: number;
  maxAttempt: number;
  faultsInjected: Record<Outcome | "refused_windows", number>;
  attemptsByClass: Record<string, number>;
  /** Requests a receiver answered 200 for a (event, endpoint) it had already answered 200 for. */
  duplicates: number;
  /** Each problem found, in words; empty when every check holds. */
  problems: string[];
  emitSeconds: number;
  settleSeconds: number;
  /** emitEvent calls that threw (and were retried with the same event ID). */
  emitErrors: string[];
};

/**
 * Emits `events` events for an agency with `endpoints` webhooks whose receivers fail at random,
 * waits until every delivery has settled, then compares the delivery log with what each
 * receiver saw. Needs the embedded engine running on `prisma` (the caller starts it).
 */
export async function runSoak(prisma: PrismaClient, opts: SoakOptions): Promise<SoakReport> {
  const say = opts.progress ?? (() => {});
  const random = seededRandom(opts.seed);
  const agencyId = await createAgency(prisma, "Soak Agency");
  const receivers: FaultyReceiver[] = [];
  const hooks: { id: string; receiver: FaultyReceiver }[] = [];
  try {
    for (let i = 0; i < opts.endpoints; i++) {
      const receiver = await startFaultyReceiver({
        faultRate: opts.faultRate,
        senderTimeoutMs: opts.senderTimeoutMs,
        // Staggered so the endpoints are not all refusing at the same moment.
        refusedEveryMs: opts.refusedEveryMs + i * 1300,
        refusedForMs: opts.refusedForMs,
        random,
      });
      receivers.push(receiver);
      const hook = await addWebhook(prisma, agencyId, {
        name: `Soak ${i + 1}`,
        url: `${receiver.url}/soak/${i + 1}`,
        events: [...EVENT_TYPES],
      });
      hooks.push({ id: hook.id, receiver });
    }

    const emitStarted = Date.now();
    const eventIds: string[] = [];
    const emitErrors: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < opts.events) {
        const n = next++;
        const type = EVENT_TYPES[n % EVENT_TYPES.length];
        // The caller's own ID, so a retried emit after an error is delivered once (idempotency).
        const id = newId("evt");
        for (let tries = 1; ; tries++) {
          try {
            await emitEventAndDispatch(prisma, { agencyId, type, data: sampleEventData(type), id });
            break;
          } catch (err) {
            emitErrors.push((err as Error).message.split("\n").filter(Boolean).pop() ?? "error");
            if (tries >= 5) throw err;
            await new Promise((r) => setTimeout(r, 200 * tries));
          }
        }
        eventIds.push(id);
      }
    };
    await Promise.all(Array.from({ length: opts.emitConcurrency ?? 8 }, worker));
    const emitSeconds = (Date.now() - emitStarted) / 1000;
    say(`emitted ${eventIds.length} events in ${emitSeconds.toFixed(1)} s`);

    const expected = opts.events * opts.endpoints;
    const settleStarted = Date.now();
    let lastLine = 0;
    for (;;) {
      const settled = await prisma.delivery.count({ where: { agencyId, status: { in: ["succeeded", "failed"] } } });
      if (settled >= expected) break;
      if (Date.now() - settleStarted > opts.settleTimeoutMs) break;
      if (Date.now() - lastLine > 5000) {
        lastLine = Date.now();
        say(`settled ${settled}/${expected} deliveries after ${((Date.now() - settleStarted) / 1000).toFixed(0)} s`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const settleSeconds = (Date.now() - settleStarted) / 1000;
    // Let any answer still in flight land in the log before comparing.
    await new Promise((r) => setTimeout(r, opts.senderTimeoutMs + 1000));
    return { ...(await compare(prisma, { agencyId, eventIds, hooks, opts, emitSeconds, settleSeconds })), emitErrors };
  } finally {
    for (const r of receivers) await r.close();
  }
}

async function compare(
  prisma: PrismaClient,
  run: {
    agencyId: string;
    eventIds: string[];
    hooks: { id: string; receiver: FaultyReceiver }[];
    opts: SoakOptions;
    emitSeconds: number;
    settleSeconds: number;
  },
): Promise<Omit<SoakReport, "emitErrors">> {
  const { agencyId, eventIds, hooks, opts } = run;
  const problems: string[] = [];
  const problem = (p: string) => {
    if (problems.length < 50) problems.push(p);
  };
  const deliveries = await prisma.delivery.findMany({
    where: { agencyId },
    select: {
      id: true,
      eventId: true,
      webhookId: true,
      status: true,
      attempts: { select: { number: true, responseStatus: true, errorClass: true } },
    },
  });
  const byPair = new Map(deliveries.map((d) => [`${d.eventId}|${d.webhookId}`, d]));
  let lost = 0;
  for (const eventId of eventIds) {
    for (const h of hooks) {
      const d = byPair.get(`${eventId}|${h.id}`);
      if (!d || d.status !== "succeeded") {
        lost++;
        problem(`(${eventId}, ${h.id}) ${d ? `ended ${d.status}` : "has no delivery"}`);
      }
    }
  }
  if (deliveries.length !== eventIds.length * hooks.length)
    problem(`${deliveries.length} deliveries for ${eventIds.length * hooks.length} (event, endpoint) pairs`);

  const attemptsByClass: Record<string, number> = {};
  let attempts = 0;
  let maxAttempt = 0;
  const faultsInjected: SoakReport["faultsInjected"] = { ok: 0, http_500: 0, timeout: 0, reset: 0, refused_windows: 0 };
  let duplicates = 0;
  const deliveryById = new Map(deliveries.map((d) => [d.id, d]));

  for (const h of hooks) {
    const mine = deliveries.filter((d) => d.webhookId === h.id);
    const logged = { ok: 0, http_500: 0, timeout: 0, reset: 0 };
    for (const d of mine) {
      const numbers = d.attempts.map((a) => a.number).sort((a, b) => a - b);
      if (numbers.some((n, i) => n !== i + 1))
        problem(`delivery ${d.id}: attempt numbers ${numbers.join(",")} are not 1..n`);
      for (const a of d.attempts) {
        attempts++;
        maxAttempt = Math.max(maxAttempt, a.number);
        const cls =
          a.responseStatus !== null && a.responseStatus >= 200 && a.responseStatus < 300
            ? "ok"
            : (a.errorClass ?? "unknown");
        attemptsByClass[cls] = (attemptsByClass[cls] ?? 0) + 1;
        if (a.responseStatus === 200) logged.ok++;
        else if (a.responseStatus === 500) logged.http_500++;
        else if (a.errorClass === "timeout") logged.timeout++;
        else if (a.errorClass === "reset") logged.reset++;
      }
    }
    const seen = { ok: 0, http_500: 0, timeout: 0, reset: 0 };
    const okPerDelivery = new Map<string, number>();
    const eventOfDelivery = new Map<string, string>();
    for (const r of h.receiver.received) {
      seen[r.outcome]++;
      faultsInjected[r.outcome]++;
      if (r.eventId !== r.bodyEventId)
        problem(`a request's X-AOSAI-Event-Id ${r.eventId} differs from its body's id ${r.bodyEventId}`);
      const d = deliveryById.get(r.deliveryId);
      if (!d || d.webhookId !== h.id) problem(`receiver ${h.id} got delivery ${r.deliveryId} that is not in its log`);
      else if (d.eventId !== r.eventId)
        problem(`delivery ${r.deliveryId} carried event ${r.eventId}, the log says ${d.eventId}`);
      const before = eventOfDelivery.get(r.deliveryId);
      if (before && before !== r.eventId)
        problem(`delivery ${r.deliveryId} was sent with two event IDs (${before}, ${r.eventId})`);
      eventOfDelivery.set(r.deliveryId, r.eventId);
      if (r.outcome === "ok") okPerDelivery.set(r.deliveryId, (okPerDelivery.get(r.deliveryId) ?? 0) + 1);
    }
    for (const n of okPerDelivery.values()) if (n > 1) duplicates += n - 1;
    faultsInjected.refused_windows += h.receiver.refusedWindows;
    // What the log recorded as answered must be exactly what the receiver answered.
    for (const k of ["ok", "http_500", "timeout"] as const) {
      if (logged[k] !== seen[k])
        problem(`endpoint ${h.id}: the log has ${logged[k]} ${k} attempts, the receiver ${seen[k]}`);
    }
    // A reset can also come from a listener closing under a kept-alive connection: never fewer.
    if (logged.reset < seen.reset)
      problem(`endpoint ${h.id}: the log has ${logged.reset} resets, the receiver made ${seen.reset}`);
  }
  const succeeded = deliveries.filter((d) => d.status === "succeeded").length;
  return {
    seed: opts.seed,
    events: eventIds.length,
    endpoints: hooks.length,
    expectedDeliveries: eventIds.length * hooks.length,
    succeeded,
    failed: deliveries.filter((d) => d.status === "failed").length,
    lost,
    attempts,
    retries: attempts - deliveries.length,
    maxAttempt,
    faultsInjected,
    attemptsByClass,
    duplicates,
    problems,
    emitSeconds: run.emitSeconds,
    settleSeconds: run.settleSeconds,
  };
}

export function formatReport(r: SoakReport): string {
  const faults = r.faultsInjected.http_500 + r.faultsInjected.timeout + r.faultsInjected.reset;
  return [
    `seed ${r.seed}: ${r.events} events × ${r.endpoints} endpoints = ${r.expectedDeliveries} deliveries`,
    `succeeded ${r.succeeded}, failed ${r.failed}, lost ${r.lost}, duplicates ${r.duplicates}`,
    `attempts ${r.attempts} (retries ${r.retries}, most attempts for one delivery ${r.maxAttempt})`,
    `faults injected: ${faults} answered (${r.faultsInjected.http_500} × 500, ${r.faultsInjected.timeout} timeouts, ${r.faultsInjected.reset} resets) + ${r.faultsInjected.refused_windows} refused windows`,
    `attempts by outcome in the log: ${Object.entries(r.attemptsByClass)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    `emit ${r.emitSeconds.toFixed(1)} s, settle ${r.settleSeconds.toFixed(1)} s`,
    `emitEvent errors (retried with the same event ID): ${r.emitErrors.length}${r.emitErrors.length ? ` (first: ${r.emitErrors[0]})` : ""}`,
    r.problems.length ? `PROBLEMS:\n  ${r.problems.join("\n  ")}` : "every check holds",
  ].join("\n");
}
