import type { PrismaClient } from "../db/index.ts";
import { queryPrepared, statement } from "../db/prepared-statements.ts";

// The lease token under which this process drives each run (every engine in the process, on
// globalThis as Next may load this module more than once), and until when that lease is
// confirmed: a claim or heartbeat that began at t proves the lease runs to t + lease at least,
// so until t + lease / 2 (a margin for clocks and slow statements) no other process can hold the
// run. A step that goes on acting after its run was taken over (a process paused past its lease,
// a database outage) presents the token to a fenced write, which then refuses: the run's new
// holder does that work. Past the confirmed time, only the database can say (`heldInDatabase`).

type Held = { token: string; confirmedUntil: number };

const holder = globalThis as unknown as { __agencyHeldRuns?: Map<string, Held> };
const held = (holder.__agencyHeldRuns ??= new Map<string, Held>());

export function noteHeldRun(runId: string, token: string, confirmedUntil: number): void {
  held.set(runId, { token, confirmedUntil });
}

export function forgetHeldRun(runId: string, token: string): void {
  if (held.get(runId)?.token === token) held.delete(runId);
}

/** The lease token this process holds `runId` under, if its embedded engine drives it. */
export function heldRunToken(runId: string): string | undefined {
  return held.get(runId)?.token;
}

/** What a step of an embedded run presents to fenced writes (absent on Inngest). */
export type RunFence = { runId: string; leaseToken: string };

/** The fence for a step of `runId`, while this process's embedded engine drives it; null otherwise. */
export function fenceOf(runId: string): RunFence | null {
  const h = held.get(runId);
  return h ? { runId, leaseToken: h.token } : null;
}

const HOLDS = statement(
  "engine-run-still-held",
  `SELECT EXISTS (SELECT 1 FROM engine_runs WHERE id = $1 AND lease_token = $2 AND status = 'running') AS held`,
);

/**
 * Whether the run is still held under the fence's token, before an action that cannot be taken
 * back (a webhook POST), without a round trip: true while the lease is confirmed in memory (a
 * claim or heartbeat confirmed it lately). False means only that the database must be asked
 * (`heldInDatabase`): this process was paused, or its heartbeat is late. Two halves, so that the
 * hot path's usual case costs no await.
 */
export function holdsConfirmed(fence: RunFence): boolean {
  const h = held.get(fence.runId);
  return h?.token === fence.leaseToken && Date.now() < h.confirmedUntil;
}

/** Whether the database still has the run held under the fence's token (see holdsConfirmed). */
export async function heldInDatabase(db: Pick<PrismaClient, "$queryRawUnsafe">, fence: RunFence): Promise<boolean> {
  const [row] = await queryPrepared<{ held: boolean }>(db, HOLDS, [fence.runId, fence.leaseToken]);
  return row?.held === true;
}
