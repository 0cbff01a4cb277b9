import type { PrismaClient } from "../db/index.ts";
import { nextCronTime } from "./cron.ts";
import type { EngineFunction } from "./function-config.ts";
import * as store from "./store.ts";

// Time: the fallback poll (work created by other processes), the wake-up timer for the
// earliest sleeping run, cron ticks (stored in the database, so one process fires each
// tick) and hourly retention.

export type Scheduler = {
  start(): Promise<void>;
  stop(): void;
  /** Makes sure the engine looks again at `ms` (a run sleeps until then). */
  wakeAt(ms: number): void;
};

export function createScheduler(opts: {
  db: Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe">;
  pollMs: number;
  runRetentionMs: number;
  eventRetentionMs: number;
  functions: () => EngineFunction[];
  /** Starts the runs of a cron tick (event id `cron-<fn>-<time>`: a double fire starts one run). */
  fire(fn: EngineFunction, event: store.EngineEventRecord): Promise<void>;
  kick(): void;
  log: (level: "warn" | "error", message: string) => void;
}): Scheduler {
  let active = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let wakeTimer: NodeJS.Timeout | undefined;
  let wakeTimerAt = Infinity;
  let lastPrune = 0;
  const byId = () => new Map(opts.functions().map((f) => [f.id, f]));

  function wakeAt(ms: number) {
    if (!active || ms >= wakeTimerAt) return;
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
    wakeTimer.unref?.();
  }

  async function poll() {
    opts.kick();
    try {
      await fireCrons();
      const next = await store.nextWakeAt(opts.db);
      if (next !== null && next > Date.now()) wakeAt(next);
      if (Date.now() - lastPrune > 3_600_000) {
        lastPrune = Date.now();
        await store.pruneFinished(opts.db, opts.runRetentionMs, opts.eventRetentionMs);
      }
    } catch (err) {
      opts.log("error", `engine poll failed: ${(err as Error).message}`);
    }
  }

  async function fireCrons() {
    const fns = byId();
    for (const fnId of await store.dueCrons(opts.db)) {
      const fn = fns.get(fnId);
      if (!fn || fn.cronSchedules.length === 0) continue;
      const following = nextCronTime(fn.cronSchedules, Date.now());
      // A schedule that never fires again keeps its row far out rather than firing in a loop.
      const due = await store.advanceCron(opts.db, fnId, following ?? Date.now() + 100 * 365 * 86_400_000);
      if (following !== null) wakeAt(following);
      if (due === null) continue;
      await opts.fire(fn, {
        name: "inngest/scheduled.timer",
        id: `cron-${fnId}-${due}`,
        data: { cron: fn.crons.join(" | ") },
        ts: due,
      });
    }
  }

  function schedulePoll() {
    pollTimer = setTimeout(() => void poll().finally(() => active && schedulePoll()), opts.pollMs);
    pollTimer.unref?.();
  }

  return {
    async start() {
      active = true;
      const now = Date.now();
      for (const fn of opts.functions()) {
        if (fn.cronSchedules.length === 0) continue;
        const next = nextCronTime(fn.cronSchedules, now);
        if (next === null) {
          opts.log("warn", `Function ${fn.id}: its cron schedule (${fn.crons.join(" | ")}) never fires`);
          continue;
        }
        wakeAt(await store.ensureCron(opts.db, fn.id, next));
      }
      await poll();
      schedulePoll();
    },
    stop() {
      active = false;
      clearTimeout(pollTimer);
      if (wakeTimer) clearTimeout(wakeTimer);
      wakeTimer = undefined;
      wakeTimerAt = Infinity;
    },
    wakeAt,
  };
}
