import { config } from "../config/index.ts";
import { getDatabase } from "../db/index.ts";
import { openDatabase, type Database } from "../db/open-database.ts";
import { setFanOutInProcess } from "../events/dispatch-events.ts";
import { relayOutbox } from "../events/outbox-relay.ts";
import { fanOutInProcess } from "../webhooks/fan-out-in-process.ts";
import { setEngineEndpoint } from "./embedded-fetch.ts";
import { createEngine, type Engine, type EngineOptions } from "./engine.ts";
import { localSigningKey } from "./local-signing-key.ts";

// One engine per process, kept on globalThis so Next's separate module graphs (instrumentation,
// route handlers) and dev reloads all see the same one.
const holder = globalThis as unknown as {
  __agencyEngine?: Promise<Engine>;
  __agencyEngineStarted?: boolean;
  __agencyRelayTimer?: NodeJS.Timeout;
  __agencyEngineDb?: Database;
};

const RELAY_EVERY_MS = 15_000;
// The engine's bookkeeping (claims, heartbeats, run writes) has connections of its own, so
// step bodies holding the app's pool can never delay a heartbeat past its lease, and the
// engine never takes more than these from the server.
const ENGINE_POOL_SIZE = 3;

/** What a bounded fault test may shorten (the app never passes these: 30 s leases, Inngest's backoff). */
export type EngineTimings = Pick<EngineOptions, "leaseMs" | "backoff">;

/**
 * Starts the embedded engine where no Inngest server is configured: syncs the functions from
 * the serve handler it is given (the app's, `inngest/serve.ts`), resumes stored runs, then
 * relays any outbox events that were left undispatched. Safe to call more than once.
 */
export function startEmbeddedEngine(handler: EngineOptions["handler"], timings: EngineTimings = {}): Promise<Engine> {
  holder.__agencyEngine ??= (async () => {
    if (!config().embeddedEngine) throw new Error("Inngest is configured (INNGEST_*): the embedded engine stays off");
    const engine = createEngine({
      db: await engineDatabase(),
      handler,
      signingKey: localSigningKey(config().dataDir),
      concurrency: config().engineConcurrency,
      // Off only to measure the difference (bench): one protocol call per step instead of per run.
      checkpointing: config().engineCheckpointing,
      ...timings,
    });
    setEngineEndpoint(engine);
    await engine.start();
    // The app's composition, not the engine's: with the engine in this process, emits fan out
    // in the dispatcher (one run and one hop fewer per event), as fan-out-event would.
    setFanOutInProcess((client, events) => fanOutInProcess(client, events));
    const relay = () =>
      relayOutbox().catch((err) => console.error(`[engine] outbox relay failed: ${(err as Error).message}`));
    void relay();
    const timer = setInterval(relay, RELAY_EVERY_MS);
    timer.unref?.();
    holder.__agencyRelayTimer = timer;
    holder.__agencyEngineStarted = true;
    return engine;
  })().catch((err) => {
    holder.__agencyEngine = undefined;
    holder.__agencyEngineStarted = false;
    setFanOutInProcess(undefined);
    setEngineEndpoint(undefined);
    throw err;
  });
  return holder.__agencyEngine;
}

/** A small pool of the engine's own on the app's database (external or embedded: the same server). */
async function engineDatabase() {
  const { url } = await getDatabase();
  holder.__agencyEngineDb ??= await openDatabase({ url, poolSize: ENGINE_POOL_SIZE, migrate: false });
  return holder.__agencyEngineDb.prisma;
}

/** Whether this process's engine has finished starting (never waits for one still starting). */
export function isEmbeddedEngineRunning(): boolean {
  return holder.__agencyEngineStarted === true;
}

/** Stops claiming work, lets running calls finish and puts their runs back in the queue. */
export async function stopEmbeddedEngine(): Promise<void> {
  const pending = holder.__agencyEngine;
  if (!pending) return;
  holder.__agencyEngine = undefined;
  holder.__agencyEngineStarted = false;
  clearInterval(holder.__agencyRelayTimer);
  setFanOutInProcess(undefined);
  const engine = await pending.catch(() => undefined);
  await engine?.stop();
  setEngineEndpoint(undefined);
  await holder.__agencyEngineDb?.close();
  holder.__agencyEngineDb = undefined;
}
