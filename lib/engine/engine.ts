import { createHash } from "node:crypto";
import type { PrismaClient } from "../db/index.ts";
import { newId, newOrderedId } from "../ids.ts";
import { createClaimer } from "./claimer.ts";
import { insertEventsAndRuns, type ClaimedRun, type NewRun } from "./claims.ts";
import type { ApiRequest } from "./embedded-fetch.ts";
import { createEventApi, EventApiError, type IncomingEvent } from "./event-api.ts";
import {
  batchKeyFor,
  concurrencyKeyFor,
  nameMatches,
  readFunctionConfigs,
  triggeredBy,
  type EngineFunction,
} from "./function-config.ts";
import { createLeases, type Lease } from "./leases.ts";
import { sendLimitError } from "./limits.ts";
import type { ServeHandler } from "./protocol.ts";
import { inngestBackoff } from "./retry-backoff.ts";
import { driveRun, type CheckpointTarget, type DriverContext } from "./run-driver.ts";
import { createRunWriter } from "./run-writes.ts";
import { createScheduler } from "./scheduler.ts";
import { signRequestBody } from "./signing.ts";
import { pruneUnserved, type EngineEventRecord } from "./store.ts";

export type { IncomingEvent } from "./event-api.ts";

export type EngineOptions = {
  /** The engine's own database client (claims, heartbeats, run writes); keep its pool small. */
  db: PrismaClient;
  /**
   * The app's serve() handler, called in-process. `checksSignatures: false` says it checks none
   * (a handler no route reaches): its calls then go unsigned, as plain JSON.
   */
  handler: { POST: ServeHandler; PUT: ServeHandler; checksSignatures?: boolean };
  signingKey: string;
  /** Runs executing at once in this process. */
  concurrency?: number;
  /** Fallback poll for work created elsewhere (other processes, due sleeps, crons). */
  pollMs?: number;
  /** How long a claimed run stays ours without a heartbeat; a crashed process's runs resume after it. */
  leaseMs?: number;
  /** Wait before the next try after try `failedAttempt` (0-based) failed; default Inngest's table. */
  backoff?: (failedAttempt: number) => number;
  /** Finished runs (and with them the per-function event-id dedupe) and events are kept this long. */
  runRetentionMs?: number;
  eventRetentionMs?: number;
  log?: (level: "info" | "warn" | "error", message: string) => void;
  /**
   * Let the SDK checkpoint (default on): a run's steps execute back to back in one call to the
   * serve handler, each committed through `/v1/checkpoint/:runId/async` before the next starts.
   */
  checkpointing?: boolean;
};

export type Engine = {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Accepts events as Inngest's event API does: each starts its functions' runs, once per event id. */
  send(events: IncomingEvent[], idSeed?: string): Promise<{ ids: string[] }>;
  /** Answers the SDK's calls to the Inngest API (`/e/:key`, `/fn/register`, checkpoints). */
  handleApiRequest(req: ApiRequest): Promise<Response>;
  functions(): EngineFunction[];
  /** Runs driven now, runs started and claims made by this process since it started. */
  stats(): { running: number; started: number; claims: number };
};

const APP_URL = "http://embedded-app.invalid/api/inngest";

/**
 * The embedded engine: the app's Inngest functions run through the SDK's own protocol
 * against its serve handler, their state in PostgreSQL. Its parts, each tested on its own:
 * leases (held runs, heartbeat), claimer (runs that fit, counted in the database), driver
 * (one run through the protocol, fenced writes), scheduler (poll, wake-ups, crons) and the
 * event API the SDK calls.
 */
export function createEngine(opts: EngineOptions): Engine {
  const db = opts.db;
  const leaseMs = opts.leaseMs ?? 30_000;
  const log =
    opts.log ?? ((level, message) => (level === "info" ? console.log : console[level])(`[engine] ${message}`));
  const warned = new Set<string>();
  const warnOnce = (m: string) => {
    if (!warned.has(m)) log("warn", m);
    warned.add(m);
  };

  let registry = new Map<string, EngineFunction>();
  const drivers = new Set<Promise<void>>();
  let started = 0;
  let running = false;
  let stopping = false;

  const leases = createLeases({ db, leaseMs, log });
  const checkpoints = opts.checkpointing === false ? undefined : new Map<string, CheckpointTarget>();
  const claimer = createClaimer({
    db,
    leaseMs,
    capacity: opts.concurrency ?? 64,
    leases,
    functions: () =>
      [...registry.values()].map((f) => ({
        id: f.id,
        keyLimit: f.concurrency?.key ? f.concurrency.limit : null,
        fnLimit: f.fnLimit ?? null,
        batchSize: f.batch?.maxSize ?? null,
        batchTimeoutMs: f.batch?.timeoutMs ?? null,
      })),
    launch,
    log,
  });
  const scheduler = createScheduler({
    db,
    pollMs: opts.pollMs ?? 1000,
    runRetentionMs: opts.runRetentionMs ?? 7 * 86_400_000,
    eventRetentionMs: opts.eventRetentionMs ?? 86_400_000,
    functions: () => [...registry.values()],
    fire: (fn, event) => startRuns([event], () => [fn]),
    kick: () => claimer.kick(),
    log,
  });
  const driverCtx: DriverContext = {
    write: createRunWriter(db, leaseMs),
    handler: (req) => opts.handler.POST(req),
    signingKey: opts.handler.checksSignatures === false ? null : opts.signingKey,
    backoff: opts.backoff ?? ((n) => inngestBackoff(n)),
    isStopping: () => stopping,
    wakeAt: (ms) => scheduler.wakeAt(ms),
    onRunFailed: async (fn, run, error) => {
      log("warn", `run ${run.id} of ${fn.id} failed: ${error}`);
      // Inngest's failure handlers (onFailure) listen for this internal event.
      await send([
        {
          name: "inngest/function.failed",
          id: `failed-${run.id}`,
          data: {
            function_id: fn.id,
            run_id: run.id,
            error: { message: error },
            event: run.event,
            events: run.events,
          },
        },
      ]).catch((err) => log("error", `run ${run.id}: sending inngest/function.failed failed: ${err}`));
    },
    log,
    checkpoints,
  };

  function launch(run: ClaimedRun, lease: Lease) {
    started++;
    const fn = registry.get(run.functionId);
    const p = (fn ? driveRun(driverCtx, fn, run, lease) : Promise.resolve())
      .catch((err) => log("error", `run ${run.id}: ${(err as Error).stack ?? err} (it resumes when its lease expires)`))
      .finally(() => {
        drivers.delete(p);
        leases.release(lease);
        claimer.slotFreed();
      });
    drivers.add(p);
  }

  /** Inserts the events and the runs they start (one per function and event id), then claims. */
  async function startRuns(events: EngineEventRecord[], targets: (e: EngineEventRecord) => EngineFunction[]) {
    const runs: NewRun[] = events.flatMap((event) =>
      targets(event).map((fn) => ({
        id: newOrderedId("run"),
        functionId: fn.id,
        eventId: event.id,
        event,
        concurrencyKey: concurrencyKeyFor(fn, event),
        batchKey: batchKeyFor(fn, event),
      })),
    );
    if ((await insertEventsAndRuns(db, events, runs)) > 0) claimer.kick();
  }

  async function send(incoming: IncomingEvent[], idSeed?: string): Promise<{ ids: string[] }> {
    const now = Date.now();
    for (const e of incoming)
      if (!e || typeof e.name !== "string" || e.name === "") throw new EventApiError("Every event needs a name");
    const refused = sendLimitError(incoming);
    if (refused) throw new EventApiError(refused);
    const byId = new Map<string, EngineEventRecord>();
    const ids = incoming.map((e, i) => {
      // The SDK's id seed makes a retried send produce the same ids, so it cannot double-start.
      const id =
        e.id ||
        (idSeed ? "evt_" + createHash("sha1").update(`${idSeed}:${i}`).digest("hex").slice(0, 26) : newId("evt"));
      if (!byId.has(id)) byId.set(id, { ...e, id, name: e.name, data: e.data ?? {}, ts: e.ts ?? now });
      return id;
    });
    // The functions an event name could start, found once per name and send (a send of 100
    // delivery events asked each of the 13 functions about each event); filters still per event.
    const candidates = new Map<string, EngineFunction[]>();
    const functionsFor = (name: string) => {
      let fns = candidates.get(name);
      if (!fns) {
        fns = [...registry.values()].filter((fn) => fn.eventTriggers.some((t) => nameMatches(t.event, name)));
        candidates.set(name, fns);
      }
      return fns;
    };
    await startRuns([...byId.values()], (event) =>
      functionsFor(event.name).filter((fn) => triggeredBy(fn, event, warnOnce)),
    );
    return { ids };
  }

  const handleApiRequest = createEventApi({
    signingKey: opts.signingKey,
    send,
    register: (body) => {
      registry = new Map(readFunctionConfigs(body, warnOnce).map((f) => [f.id, f]));
    },
    checkpoints,
  });

  async function start() {
    if (running) return;
    running = true;
    stopping = false;
    // Sync exactly as Inngest does: a signed PUT makes the SDK post its function configs.
    const res = await opts.handler.PUT(
      new Request(APP_URL, { method: "PUT", headers: { "x-inngest-signature": signRequestBody("", opts.signingKey) } }),
    );
    if (res.status !== 200 || registry.size === 0) {
      running = false;
      throw new Error(`Embedded engine: syncing the app's functions failed (${res.status} ${await res.text()})`);
    }
    const { cancelled } = await pruneUnserved(db, [...registry.keys()]);
    if (cancelled > 0) log("warn", `cancelled ${cancelled} queued run(s) of functions this app no longer serves`);
    leases.start();
    claimer.start();
    await scheduler.start();
  }

  async function stop() {
    if (!running) return;
    stopping = true;
    scheduler.stop();
    await claimer.stop();
    // Each driver finishes the call it is in, saves it, and puts its run back in the queue.
    await Promise.allSettled([...drivers]);
    await leases.stop();
    running = false;
  }

  return {
    start,
    stop,
    send,
    handleApiRequest,
    functions: () => [...registry.values()],
    stats: () => ({ running: leases.size(), started, claims: claimer.claims() }),
  };
}
