// The lease token under which this process drives each run (every engine in the process, on
// globalThis as Next may load this module more than once). A step that goes on acting after
// its run was taken over (a process paused past its lease, a database outage) can present it
// to a fenced write, which then refuses: the run's new holder does that work.

const holder = globalThis as unknown as { __agencyHeldRuns?: Map<string, string> };
const held = (holder.__agencyHeldRuns ??= new Map<string, string>());

export function noteHeldRun(runId: string, token: string): void {
  held.set(runId, token);
}

export function forgetHeldRun(runId: string, token: string): void {
  if (held.get(runId) === token) held.delete(runId);
}

/** The lease token this process holds `runId` under, if its embedded engine drives it. */
export function heldRunToken(runId: string): string | undefined {
  return held.get(runId);
}
