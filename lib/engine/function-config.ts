import { z } from "zod";
import { parseCron, type CronSchedule } from "./cron.ts";
import { parseCompoundDuration } from "../durations.ts";
import { compileExpression, keyValue, type CompiledExpression } from "./expressions.ts";
import { maxAttemptsFor } from "./retry-backoff.ts";

// What the SDK posts to `/fn/register` (see InngestFunction.getConfig); only the parts
// the embedded engine enforces are read, the rest is reported once as unsupported.
const ConcurrencySchema = z.union([
  z.number(),
  z.object({ limit: z.number(), key: z.string().optional(), scope: z.enum(["fn", "env", "account"]).optional() }),
]);

const FunctionConfigSchema = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    triggers: z.array(
      z.object({ event: z.string().optional(), expression: z.string().optional(), cron: z.string().optional() }),
    ),
    steps: z.record(
      z.string(),
      z.object({
        runtime: z.object({ url: z.string() }),
        retries: z.object({ attempts: z.number().optional() }).optional(),
      }),
    ),
    concurrency: z.union([ConcurrencySchema, z.array(ConcurrencySchema)]).optional(),
    batchEvents: z
      .object({ maxSize: z.number().int().positive(), timeout: z.string(), key: z.string().optional() })
      .loose()
      .optional(),
  })
  .loose();

export const RegisterBodySchema = z
  .object({ url: z.string(), appName: z.string(), functions: z.array(FunctionConfigSchema) })
  .loose();

export type Concurrency = { limit: number; key?: string; scope: "fn" | "env" | "account" };

export type EngineFunction = {
  id: string;
  url: string;
  eventTriggers: { event: string; expression?: string; filter?: CompiledExpression }[];
  crons: string[];
  cronSchedules: CronSchedule[];
  /** ctx.max_attempts: the first try plus `retries` (Inngest's default is 4 retries). */
  maxAttempts: number;
  /** Limit per key value (`key: "event.data.webhookId"`): stored on each run. */
  concurrency?: Concurrency & { compiledKey?: CompiledExpression };
  /** Limit on the function as a whole (a constraint without a key). */
  fnLimit?: number;
  /**
   * `batchEvents`: a run takes up to `maxSize` queued events of one key value, those queued
   * within `timeoutMs` of its first (lib/engine/claims.ts starts and fills batches).
   */
  batch?: { maxSize: number; timeoutMs: number; key?: string; compiledKey?: CompiledExpression };
};

const UNSUPPORTED = ["idempotency", "rateLimit", "throttle", "debounce", "priority", "timeouts", "singleton", "cancel"];

export function readFunctionConfigs(body: unknown, warn: (message: string) => void): EngineFunction[] {
  const parsed = RegisterBodySchema.parse(body);
  return parsed.functions.map((fn) => {
    const step = Object.values(fn.steps)[0];
    if (!step) throw new Error(`Function ${fn.id} has no step URL`);
    for (const key of UNSUPPORTED) {
      if ((fn as Record<string, unknown>)[key] != null)
        warn(`Function ${fn.id}: "${key}" is not enforced by the embedded engine`);
    }
    const limits =
      fn.concurrency === undefined ? [] : Array.isArray(fn.concurrency) ? fn.concurrency : [fn.concurrency];
    const concurrency = limits
      .map((c) =>
        typeof c === "number"
          ? { limit: c, scope: "fn" as const }
          : { limit: c.limit, key: c.key, scope: c.scope ?? "fn" },
      )
      .filter((c) => c.limit > 0);
    const keyed = concurrency.filter((c) => c.key);
    const whole = concurrency.filter((c) => !c.key);
    if (keyed.length > 1)
      warn(`Function ${fn.id}: only the first keyed concurrency limit is enforced by the embedded engine`);
    if (whole.some((c) => c.scope !== "fn"))
      warn(`Function ${fn.id}: env/account-wide concurrency without a key is not enforced by the embedded engine`);
    const fnLimits = whole.filter((c) => c.scope === "fn").map((c) => c.limit);
    const crons = fn.triggers.flatMap((t) => (t.cron ? [t.cron] : []));
    const batch = fn.batchEvents && {
      maxSize: fn.batchEvents.maxSize,
      timeoutMs: batchTimeoutMs(fn.id, fn.batchEvents.timeout),
      key: fn.batchEvents.key,
      compiledKey: fn.batchEvents.key ? compileExpression(fn.batchEvents.key) : undefined,
    };
    if (fn.batchEvents && Object.keys(fn.batchEvents).some((k) => !["maxSize", "timeout", "key"].includes(k)))
      warn(`Function ${fn.id}: only maxSize, timeout and key of "batchEvents" are enforced by the embedded engine`);
    // Invalid expressions and cron patterns fail the sync, as Inngest refuses them.
    return {
      id: fn.id,
      url: step.runtime.url,
      eventTriggers: fn.triggers.flatMap((t) =>
        t.event
          ? [
              {
                event: t.event,
                expression: t.expression,
                filter: t.expression ? compileExpression(t.expression) : undefined,
              },
            ]
          : [],
      ),
      crons,
      cronSchedules: crons.map(parseCron),
      maxAttempts: maxAttemptsFor(step.retries?.attempts),
      concurrency: keyed[0] && { ...keyed[0], compiledKey: keyed[0].key ? compileExpression(keyed[0].key) : undefined },
      fnLimit: fnLimits.length ? Math.min(...fnLimits) : undefined,
      batch,
    };
  });
}

/** "1s", "500ms", "1m30s" (the SDK's time string); an unreadable timeout fails the sync. */
function batchTimeoutMs(fnId: string, timeout: string): number {
  const value = parseCompoundDuration(timeout);
  if (value === undefined) throw new Error(`Function ${fnId}: cannot read the batchEvents timeout "${timeout}"`);
  return value;
}

/** Whether a trigger's event name (`*` suffix wildcard) matches an event's name. */
export function nameMatches(pattern: string, name: string): boolean {
  return pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

/** Does this event start a run of `fn`? Unreadable filters count as no match (and are logged). */
export function triggeredBy(fn: EngineFunction, event: Record<string, unknown>, warn: (m: string) => void): boolean {
  const name = String(event.name);
  return fn.eventTriggers.some((t) => {
    if (!nameMatches(t.event, name)) return false;
    if (!t.filter) return true;
    try {
      return t.filter({ event }) === true;
    } catch (err) {
      warn(
        `Function ${fn.id}: its trigger expression failed on a ${name} event: ${(err as Error).message.split("\n")[0]}`,
      );
      return false;
    }
  });
}

/** The key whose running runs count against the function's concurrency limit. */
export function concurrencyKeyFor(fn: EngineFunction, event: Record<string, unknown>): string | null {
  const c = fn.concurrency;
  if (!c?.key || !c.compiledKey) return null;
  const scope = c.scope === "fn" ? fn.id : c.scope;
  return `${scope}:${c.key}=${keyValue(c.compiledKey, { event })}`;
}

/** The batch a run of `fn` for this event joins: the key's value ("" without a key), null if `fn` does not batch. */
export function batchKeyFor(fn: EngineFunction, event: Record<string, unknown>): string | null {
  if (!fn.batch) return null;
  return fn.batch.compiledKey ? keyValue(fn.batch.compiledKey, { event }) : "";
}
