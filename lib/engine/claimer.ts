import type { PrismaClient } from "../db/index.ts";
import { claimRuns, type ClaimedRun, type FunctionLimits } from "./claims.ts";
import type { Lease, Leases } from "./leases.ts";

// The claim loop: while this process has free capacity and there may be due work, it asks the
// database for runs that fit (concurrency is counted there, across processes) and hands each
// to `launch`. Calls to kick() while a claim is in flight coalesce into one more claim.
// A claimed run of a batched function (batchEvents) carries the events its claim took into it.

const CLAIM_BATCH = 256;

export type Claimer = { kick(): void; start(): void; stop(): Promise<void> };

export function createClaimer(opts: {
  db: Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe" | "$transaction">;
  leaseMs: number;
  /** Runs this process drives at once. */
  capacity: number;
  leases: Leases;
  functions: () => FunctionLimits[];
  launch(run: ClaimedRun, lease: Lease): void;
  log: (level: "error", message: string) => void;
}): Claimer {
  let active = false;
  let claiming: Promise<void> | undefined;
  let again = false;

  function kick() {
    if (!active) return;
    if (claiming) {
      again = true;
      return;
    }
    if (opts.leases.size() >= opts.capacity) return;
    claiming = claimOnce().finally(() => {
      claiming = undefined;
      if (again) {
        again = false;
        kick();
      }
    });
  }

  async function claimOnce() {
    const limit = Math.min(opts.capacity - opts.leases.size(), CLAIM_BATCH);
    let runs: ClaimedRun[];
    const claimedAt = Date.now();
    try {
      runs = await claimRuns(opts.db, {
        limit,
        leaseMs: opts.leaseMs,
        functions: opts.functions(),
        held: opts.leases.ids(),
      });
    } catch (err) {
      opts.log("error", `claiming runs failed: ${(err as Error).message}`);
      return;
    }
    for (const run of runs) opts.launch(run, opts.leases.hold(run.id, run.leaseToken, claimedAt));
    // A claim that found work may have left more behind (it scans a bounded window).
    if (runs.length > 0) again = true;
  }

  return {
    kick,
    start() {
      active = true;
    },
    async stop() {
      active = false;
      again = false;
      await claiming;
    },
  };
}
