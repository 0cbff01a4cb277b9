import { createHash } from "node:crypto";
import type { PrismaClient } from "../db/index.ts";
import { newId } from "../ids.ts";
import { nextCronTime } from "./cron.ts";
import { defaultRetryBackoff } from "./durations.ts";
import { concurrencyKeyFor, readFunctionConfigs, triggeredBy, type EngineFunction } from "./function-config.ts";
import type { ServeHandler } from "./protocol.ts";
import { driveRun, type CheckpointTarget, type DriverContext } from "./run-driver.ts";
import type { Op } from "./protocol.ts";
import { hashedSigningKey, safeEqual, signRequestBody } from "./signing.ts";
import * as store from "./store.ts";
import { createWriteBatcher } from "./write-batcher.ts";

export type EngineOptions = {
  db: PrismaClient;
  /** The app's serve() handler (app/api/inngest/route.ts), called in-process. */
  handler: { POST: ServeHandler; PUT: ServeHandler };
  signingKey: string;
  /** Runs executing at once in this process. */
  concurrency?: number;
  /** Fallback poll for work created elsewhere (other processes, due sleeps, crons). */
  pollMs?: number;
  /** How long a claimed run stays ours without a heartbeat; a crashed process's runs resume after it. */
  leaseMs?: number;
  backoff?: (attempt: number) => number;
  /** Finished runs and event-id dedupe records are kept this long. */
  runRetentionMs?: number;
  eventRetentionMs?: number;
  log?: (level: "info" | "warn" | "error", message: string) => void;
  /**
   * Let the SDK checkpoint (default on): a run's steps execute back to back in one call to the
   * serve handler, each committed through `/v1/checkpoint/:runId/async` before the next starts.
   */
  checkpointing?: boolean;
};

export type IncomingEvent = { name: string; data?: unknown; id?: string; ts?: number; [key: string]: unknown };

export type Engine = {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Accepts events as Inngest's event API does: ids dedupe, each new event starts its runs. */
  send(events: IncomingEvent[], idSeed?: string): Promise<{ ids: string[] }>;
  /** Answers the SDK's calls to the Inngest API (`/e/:key`, `/fn/register`). */
  handleApiRequest(req: Request): Promise<Response>;
  functions(): EngineFunction[];
  stats(): { running: number; started: number };
};

const APP_URL = "http://embedded-app.invalid/api/inngest";
const CLAIM_BATCH = 256;

export function createEngine(opts: EngineOptions): Engine {
  const db = opts.db;
  const concurrency = opts.concurrency ?? 64;
  const pollMs = opts.pollMs ?? 1000;
  const leaseMs = opts.leaseMs ?? 30_000;
  const log =
    opts.log ?? ((level, message) => (level === "info" ? console.log : console[level])(`[engine] ${message}`));
  const warned = new Set<string>();
  const warn = (m: string) => {
    if (!warned.has(m)) log("warn", m);
    warned.add(m);
  };

  let registry = new Map<string, EngineFunction>();
  const drivers = new Set<Promise<void>>();
  let inflight = 0; // held + reserved slots
  let started = 0;
  let running = false;
  let stopping = false;
  let maybeMore = true;
  let claiming = false;
  let kickAgain = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let wakeTimer: NodeJS.Timeout | undefined;
  let wakeTimerAt = Infinity;
  let lastPrune = 0;

  // Concurrency is counted here, per process: by key value (stored on the run so the claim
  // query can skip saturated keys) and by function for limits without a key.
  const held = new Map<string, { key: string | null; fnId: string }>();
  const activeByKey = new Map<string, { n: number; limit: number }>();
  const activeByFn = new Map<string, number>();

  const keyLimit = (fnId: string) => registry.get(fnId)?.concurrency?.limit ?? Infinity;
  const fnLimit = (fnId: string) => registry.get(fnId)?.fnLimit ?? Infinity;
  const hasRoom = (key: string | null, fnId: string) =>
    (!key || (activeByKey.get(key)?.n ?? 0) < keyLimit(fnId)) && (activeByFn.get(fnId) ?? 0) < fnLimit(fnId);

  function reserve(runId: string, key: string | null, fnId: string) {
    inflight++;
    held.set(runId, { key, fnId });
    activeByFn.set(fnId, (activeByFn.get(fnId) ?? 0) + 1);
    if (key) activeByKey.set(key, { n: (activeByKey.get(key)?.n ?? 0) + 1, limit: keyLimit(fnId) });
  }

  function unreserve(runId: string) {
    const h = held.get(runId);
    if (!h) return;
    held.delete(runId);
    inflight--;
    const fnN = (activeByFn.get(h.fnId) ?? 1) - 1;
    // A slot opened on something the claim query was skipping: look again.
    if (fnN + 1 >= fnLimit(h.fnId)) maybeMore = true;
    if (fnN <= 0) activeByFn.delete(h.fnId);
    else activeByFn.set(h.fnId, fnN);
    if (h.key) {
      const k = activeByKey.get(h.key);
      if (!k) return;
      if (k.n >= k.limit) maybeMore = true;
      if (k.n <= 1) activeByKey.delete(h.key);
      else k.n--;
    }
  }

  // What the claim query may take: finite numbers only (JSON has no Infinity).
  const claimRoom = (limit: number): store.ClaimRoom => ({
    byKey: Object.fromEntries([...activeByKey].map(([key, k]) => [key, Math.max(0, k.limit - k.n)])),
    byFunction: Object.fromEntries(
      [...registry.keys()].map((fnId) => {
        const keyed = keyLimit(fnId);
        return [
          fnId,
          {
            keyLimit: Number.isFinite(keyed) ? keyed : null,
            free: Math.max(0, Math.min(limit, fnLimit(fnId) - (activeByFn.get(fnId) ?? 0))),
          },
        ];
      }),
    ),
  });

  const writes = createWriteBatcher(db);
  const checkpoints = opts.checkpointing === false ? undefined : new Map<string, CheckpointTarget>();
  const driverCtx: DriverContext = {
    writes,
    handler: (req) => opts.handler.POST(req),
    signingKey: opts.signingKey,
    backoff: opts.backoff ?? defaultRetryBackoff,
    isStopping: () => stopping,
    wakeAt: (ms) => scheduleWake(ms),
    onRunFailed: async (fn, run, error) => {
      log("warn", `run ${run.id} of ${fn.id} failed: ${error}`);
      // Inngest's failure handlers (onFailure) listen for this internal event.
      await send([
        {
          name: "inngest/function.failed",
          id: `failed-${run.id}`,
          data: { function_id: fn.id, run_id: run.id, error: { message: error }, event: run.event },
        },
      ]).catch(() => {});
    },
    log: (level, message) => log(level, message),
    checkpoints,
  };

  function launch(fn: EngineFunction | undefined, run: store.ClaimedRun) {
    started++;
    const p = (async () => {
      if (!fn) {
        await writes.finish(run.id, "failed", null, `Function ${run.functionId} is not served by this app`);
        return;
      }
      await driveRun(driverCtx, fn, run);
    })()
      .catch((err) => log("error", `run ${run.id}: ${(err as Error).stack ?? err} (it resumes when its lease expires)`))
      .finally(() => {
        drivers.delete(p);
        unreserve(run.id);
        kick();
      });
    drivers.add(p);
  }

  function kick() {
    if (!running || stopping) return;
    if (claiming) {
      kickAgain = true;
      return;
    }
    if (!maybeMore || inflight >= concurrency) return;
    claiming = true;
    void claimOnce().finally(() => {
      claiming = false;
      if (kickAgain) {
        kickAgain = false;
        kick();
      }
    });
  }

  async function claimOnce() {
    const limit = Math.min(concurrency - inflight, CLAIM_BATCH);
    if (limit <= 0) return;
    maybeMore = false;
    let runs: store.ClaimedRun[];
    try {
      runs = await store.claimRuns(db, limit, leaseMs, claimRoom(limit));
    } catch (err) {
      log("error", `claiming runs failed: ${(err as Error).message}`);
      maybeMore = true;
      return;
    }
    if (runs.length === limit) maybeMore = true;
    const overflow: string[] = [];
    for (const run of runs) {
      if (stopping || !hasRoom(run.concurrencyKey, run.functionId)) {
        overflow.push(run.id);
        continue;
      }
      reserve(run.id, run.concurrencyKey, run.functionId);
      launch(registry.get(run.functionId), run);
    }
    if (overflow.length)
      await store.unclaimRuns(db, overflow).catch((err) => log("error", `unclaim failed: ${(err as Error).message}`));
    if (runs.length > 0) kickAgain = true;
  }

  function scheduleWake(ms: number) {
    if (!running || ms >= wakeTimerAt) return;
    if (wakeTimer) clearTimeout(wakeTimer);
    wakeTimerAt = ms;
    wakeTimer = setTimeout(
      () => {
        wakeTimer = undefined;
        wakeTimerAt = Infinity;
        void poll();
      },
      Math.min(Math.max(0, ms - Date.now()) + 5, 3_600_000),
    );
  }

  async function poll() {
    maybeMore = true;
    kick();
    try {
      await fireCrons();
      const next = await store.nextWakeAt(db);
      if (next !== null && next > Date.now()) scheduleWake(next);
      if (Date.now() - lastPrune > 3_600_000) {
        lastPrune = Date.now();
        await store.pruneFinished(db, opts.runRetentionMs ?? 7 * 86_400_000, opts.eventRetentionMs ?? 86_400_000);
      }
    } catch (err) {
      log("error", `engine poll failed: ${(err as Error).message}`);
    }
  }

  // Cron times live in the database: one process fires each tick (advanceCron takes the row),
  // and the event id `cron-<fn>-<time>` makes even a double fire start one run.
  async function fireCrons() {
    for (const fnId of await store.dueCrons(db)) {
      const fn = registry.get(fnId);
      if (!fn || fn.crons.length === 0) continue;
      const now = Date.now();
      const following = Math.min(...fn.crons.map((c) => nextCronTime(c, now)));
      const due = await store.advanceCron(db, fnId, following);
      scheduleWake(following);
      if (due === null) continue;
      const event = {
        name: "inngest/scheduled.timer",
        id: `cron-${fnId}-${due}`,
        data: { cron: fn.crons.join(" | ") },
        ts: due,
      };
      await startRuns([event], () => [fn]);
    }
  }

  /** Inserts the events and the runs they start; starts at once the runs that have room here. */
  async function startRuns(
    events: store.EngineEventRecord[],
    targets: (e: store.EngineEventRecord) => EngineFunction[],
  ) {
    const runs: store.NewRun[] = [];
    for (const event of events) {
      for (const fn of targets(event)) {
        const key = concurrencyKeyFor(fn, event);
        const run: store.NewRun = {
          id: newId("run"),
          functionId: fn.id,
          eventId: event.id,
          event,
          concurrencyKey: key,
          claimed: false,
        };
        if (running && !stopping && inflight < concurrency && hasRoom(key, fn.id)) {
          run.claimed = true;
          reserve(run.id, key, fn.id);
        }
        runs.push(run);
      }
    }
    let inserted: Set<string>;
    try {
      ({ newEventIds: inserted } = await store.insertEventsAndRuns(db, events, runs, leaseMs));
    } catch (err) {
      for (const r of runs) if (r.claimed) unreserve(r.id);
      throw err;
    }
    for (const r of runs) {
      if (!r.claimed) continue;
      if (!inserted.has(r.eventId)) unreserve(r.id);
      else
        launch(registry.get(r.functionId), {
          id: r.id,
          functionId: r.functionId,
          event: r.event,
          attempt: 0,
          concurrencyKey: r.concurrencyKey,
          steps: [],
        });
    }
    if (runs.some((r) => !r.claimed)) {
      maybeMore = true;
      kick();
    }
  }

  async function send(incoming: IncomingEvent[], idSeed?: string): Promise<{ ids: string[] }> {
    const now = Date.now();
    const byId = new Map<string, store.EngineEventRecord>();
    const ids = incoming.map((e, i) => {
      if (!e || typeof e.name !== "string" || e.name === "") throw new Error("Every event needs a name");
      // The SDK's id seed makes a retried send produce the same ids, so it cannot double-start.
      const id =
        e.id ||
        (idSeed ? "evt_" + createHash("sha1").update(`${idSeed}:${i}`).digest("hex").slice(0, 26) : newId("evt"));
      if (!byId.has(id))
        byId.set(id, { ...e, id, name: e.name, data: e.data ?? {}, ts: typeof e.ts === "number" ? e.ts : now });
      return id;
    });
    const warnFn = (m: string) => warn(m);
    await startRuns([...byId.values()], (event) =>
      [...registry.values()].filter((fn) => triggeredBy(fn, event, warnFn)),
    );
    return { ids };
  }

  async function handleApiRequest(req: Request): Promise<Response> {
    const { pathname } = new URL(req.url);
    const json = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
    try {
      if (req.method === "POST" && /^\/e\/[^/]+$/.test(pathname)) {
        const body = await req.json();
        const events = (Array.isArray(body) ? body : [body]) as IncomingEvent[];
        const { ids } = await send(events, req.headers.get("x-inngest-event-id-seed") ?? undefined);
        return json(200, { ids, status: 200 });
      }
      const authorized = () =>
        safeEqual(req.headers.get("authorization") ?? "", `Bearer ${hashedSigningKey(opts.signingKey)}`);
      const checkpointPath = /^\/v1\/checkpoint\/([^/]+)\/async$/.exec(pathname);
      if (req.method === "POST" && checkpointPath) {
        if (!authorized()) return json(401, { error: "Unauthorized" });
        const body = (await req.json()) as { qi_id?: string; steps?: Op[] };
        const target = checkpoints?.get(decodeURIComponent(checkpointPath[1]));
        // 409 tells the SDK its dispatch is stale (the run was released or claimed again): it stops.
        if (!target || target.queueItemId !== body.qi_id) return json(409, { error: "Stale dispatch" });
        await target.apply(Array.isArray(body.steps) ? body.steps : []);
        return json(200, {});
      }
      if (req.method === "POST" && pathname === "/fn/register") {
        if (!authorized()) return json(401, { error: "Unauthorized" });
        register(await req.json());
        return json(200, { ok: true, modified: true });
      }
      return json(404, { error: `The embedded engine does not serve ${req.method} ${pathname}` });
    } catch (err) {
      return json(400, { error: (err as Error).message, status: 400 });
    }
  }

  function register(body: unknown) {
    const fns = readFunctionConfigs(body, warn);
    registry = new Map(fns.map((f) => [f.id, f]));
  }

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
    const now = Date.now();
    for (const fn of registry.values()) {
      if (fn.crons.length === 0) continue;
      const next = Math.min(...fn.crons.map((c) => nextCronTime(c, now)));
      scheduleWake(await store.ensureCron(db, fn.id, next));
    }
    pollTimer = setInterval(() => void poll(), pollMs);
    heartbeatTimer = setInterval(
      () => {
        void store
          .extendLeases(db, [...held.keys()], leaseMs)
          .catch((err) => log("error", `lease heartbeat failed: ${(err as Error).message}`));
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    pollTimer.unref?.();
    heartbeatTimer.unref?.();
    await poll();
  }

  async function stop() {
    if (!running) return;
    stopping = true;
    clearInterval(pollTimer);
    clearInterval(heartbeatTimer);
    if (wakeTimer) clearTimeout(wakeTimer);
    wakeTimer = undefined;
    wakeTimerAt = Infinity;
    // Each driver finishes the call it is in, saves it, and puts its run back in the queue.
    await Promise.allSettled([...drivers]);
    while (claiming) await new Promise((r) => setTimeout(r, 5));
    running = false;
  }

  return {
    start,
    stop,
    send,
    handleApiRequest,
    functions: () => [...registry.values()],
    stats: () => ({ running: held.size, started }),
  };
}
