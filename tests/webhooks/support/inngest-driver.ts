import { createHmac, randomUUID } from "node:crypto";

/**
 * A minimal stand-in for the Inngest server, for tests: it calls the app's real serve()
 * handler the way the executor does (signed POST, memoized step state, real sleeps), so
 * the deliver function runs through the SDK's protocol with wall-clock backoff.
 */

export type Handler = (req: Request) => Promise<Response>;

/** JSON Canonicalization (RFC 8785) for plain JSON: what the SDK signs for an object body. */
function canonicalize(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalize).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalize(v)}`).join(",")}}`;
}

/**
 * `X-Inngest-Signature: t=<unix s>&s=<hex HMAC-SHA256>`; the key is the signing key with its
 * `signkey-<env>-` prefix removed, used as UTF-8 text (not hex-decoded); the message is the
 * canonicalized JSON body followed by the timestamp (inngest/helpers/net.js signDataWithKey).
 */
export function signInngestRequest(body: string, signingKey: string, ts = Math.floor(Date.now() / 1000)): string {
  const key = signingKey.replace(/^signkey-[\w]+-/, "");
  const message = (body === "" ? "" : canonicalize(JSON.parse(body))) + String(ts);
  return `t=${ts}&s=${createHmac("sha256", key).update(message).digest("hex")}`;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** The SDK sends sleeps as time strings such as "1s" or "1m30s", and sleepUntil as an ISO date. */
export function parseTimeStr(text: string, now = Date.now()): number {
  if (/^\d{4}-\d\d-\d\dT/.test(text)) return Math.max(0, Date.parse(text) - now);
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) total += Number(m[1]) * UNITS[m[2]];
  return total;
}

type Op = { id: string; op: string; name?: string; displayName?: string; data?: unknown; error?: unknown };

export type DriveResult = {
  status: "completed" | "failed";
  output: unknown;
  /** Every step the run went through, by display name, with when it finished. */
  log: { name: string; op: string; at: number; sleptMs?: number }[];
};

export async function driveRun(opts: {
  handler: Handler;
  origin: string;
  fnId: string;
  event: { name: string; data: Record<string, unknown>; id?: string };
  /** A batch (batchEvents): every event of the run; `event` is its first. */
  events?: { name: string; data: Record<string, unknown>; id?: string }[];
  /** The run's id; the same id again is the same run (Inngest re-running it after a crash). */
  runId?: string;
  signingKey: string;
  /** Called before each durable sleep is waited out (e.g. to disable an endpoint meanwhile). */
  onSleep?: (name: string, ms: number) => Promise<void> | void;
  maxRequests?: number;
}): Promise<DriveResult> {
  const event = { id: opts.event.id ?? randomUUID(), ts: Date.now(), ...opts.event };
  const events = opts.events?.map((e) => ({ id: e.id ?? randomUUID(), ts: Date.now(), ...e })) ?? [event];
  const steps: Record<string, { type: "data"; data: unknown }> = {};
  const order: string[] = [];
  const log: DriveResult["log"] = [];
  let stepId = "step";
  for (let i = 0; i < (opts.maxRequests ?? 60); i++) {
    const body = JSON.stringify({
      event,
      events,
      steps,
      ctx: {
        run_id: opts.runId ?? `run_${event.id}`,
        attempt: 0,
        max_attempts: 4,
        stack: { stack: order, current: order.length },
      },
      version: 2,
    });
    const url = `${opts.origin}?fnId=${encodeURIComponent(opts.fnId)}&stepId=${encodeURIComponent(stepId)}`;
    const res = await opts.handler(
      new Request(url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-Inngest-Signature": signInngestRequest(body, opts.signingKey),
        },
        body,
      }),
    );
    const text = await res.text();
    if (res.status === 200) return { status: "completed", output: JSON.parse(text), log };
    if (res.status !== 206) return { status: "failed", output: { status: res.status, body: text }, log };
    stepId = "step";
    for (const op of JSON.parse(text) as Op[]) {
      const name = op.displayName ?? op.name ?? op.id;
      if (op.op === "StepRun") {
        steps[op.id] = { type: "data", data: op.data ?? null };
        order.push(op.id);
        log.push({ name, op: op.op, at: Date.now() });
      } else if (op.op === "Sleep") {
        const ms = parseTimeStr(op.name ?? "0s");
        await opts.onSleep?.(name, ms);
        await new Promise((r) => setTimeout(r, ms));
        steps[op.id] = { type: "data", data: null };
        order.push(op.id);
        log.push({ name, op: op.op, at: Date.now(), sleptMs: ms });
      } else if (op.op === "StepPlanned") {
        stepId = op.id;
      } else {
        return { status: "failed", output: op, log };
      }
    }
  }
  throw new Error("driveRun: too many requests without the run finishing");
}
