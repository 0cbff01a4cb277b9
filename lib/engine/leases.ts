import type { PrismaClient } from "../db/index.ts";
import { extendLeases } from "./claims.ts";
import { forgetHeldRun, noteHeldRun } from "./held-runs.ts";

// The runs this process holds, each with its claim's lease token, and the heartbeat that
// keeps their leases. The heartbeat is chained (the next one is scheduled when the last one
// has returned), so a slow database never has two of them in flight. A run the database no
// longer lists under our token is marked lost: its driver stops at its next write.

export type Lease = { runId: string; token: string; lost: boolean };

export type Leases = {
  /** `claimedAt`: when the claim that gave the lease began. */
  hold(runId: string, token: string, claimedAt?: number): Lease;
  release(lease: Lease): void;
  ids(): string[];
  size(): number;
  /** Starts the heartbeat; `stop` ends it and waits for the one in flight. */
  start(): void;
  stop(): Promise<void>;
  /** One heartbeat now (tests). */
  beat(): Promise<void>;
};

export function createLeases(opts: {
  db: Pick<PrismaClient, "$queryRawUnsafe">;
  leaseMs: number;
  log: (level: "warn" | "error", message: string) => void;
}): Leases {
  const held = new Map<string, Lease>();
  const everyMs = Math.max(50, Math.floor(opts.leaseMs / 3));
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let running = false;

  // A lease confirmed at t (the claim or heartbeat began then) holds until t + leaseMs at least.
  const confirmedUntil = (t: number) => t + Math.floor(opts.leaseMs / 2);

  async function beat() {
    const leases = [...held.values()];
    if (leases.length === 0) return;
    const started = Date.now();
    try {
      const lost = new Set(
        await extendLeases(
          opts.db,
          leases.map((l) => ({ id: l.runId, token: l.token })),
          opts.leaseMs,
        ),
      );
      for (const lease of leases) {
        // Only a lease still held now: one released meanwhile has ended normally.
        if (lost.has(lease.runId) && held.get(lease.runId) === lease) {
          lease.lost = true;
          opts.log("warn", `run ${lease.runId}: another process holds it now; this process stops driving it`);
        } else if (!lease.lost && held.get(lease.runId) === lease)
          noteHeldRun(lease.runId, lease.token, confirmedUntil(started));
      }
    } catch (err) {
      opts.log("error", `lease heartbeat failed: ${(err as Error).message}`);
    }
  }

  function schedule() {
    if (!running) return;
    timer = setTimeout(() => {
      inFlight = beat().finally(() => {
        inFlight = undefined;
        schedule();
      });
    }, everyMs);
    timer.unref?.();
  }

  return {
    hold(runId, token, claimedAt = Date.now()) {
      const lease = { runId, token, lost: false };
      held.set(runId, lease);
      noteHeldRun(runId, token, confirmedUntil(claimedAt));
      return lease;
    },
    release(lease) {
      if (held.get(lease.runId) === lease) held.delete(lease.runId);
      forgetHeldRun(lease.runId, lease.token);
    },
    ids: () => [...held.keys()],
    size: () => held.size,
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await inFlight;
    },
    beat,
  };
}
