import { config } from "@/lib/config/index.ts";
import { getDatabase } from "@/lib/db/index.ts";
import { isEmbeddedEngineRunning } from "@/lib/engine/start.ts";

export type Health = {
  status: "ok" | "degraded";
  database: { ok: boolean; kind?: string; latencyMs?: number };
  engine: {
    mode: "embedded" | "inngest";
    ok: boolean;
    /** Embedded only: the engine is started in this process. */
    running?: boolean;
    /** Embedded only: runs due now but not yet picked up, and how long the oldest has waited. */
    dueRuns?: number;
    oldestDueRunAgeMs?: number;
  };
};

// A run due for longer than this means the engine is not keeping up (or not claiming at all).
const STALLED_AFTER_MS = 5 * 60_000;

/** Database reachability and, for the embedded engine, whether due work is being picked up. */
export async function checkHealth(): Promise<Health> {
  const database: Health["database"] = { ok: false };
  let dueRuns: number | undefined;
  let oldestDueRunAgeMs: number | undefined;
  const embedded = config().embeddedEngine;
  try {
    const started = performance.now();
    const d = await getDatabase();
    await d.prisma.$queryRaw`SELECT 1`;
    Object.assign(database, { ok: true, kind: d.kind, latencyMs: Math.round(performance.now() - started) });
    if (embedded) {
      const now = new Date();
      const due = await d.prisma.engineRun.aggregate({
        where: { status: "queued", wakeAt: { lte: now } },
        _count: { _all: true },
        _min: { wakeAt: true },
      });
      dueRuns = due._count._all;
      oldestDueRunAgeMs = due._min.wakeAt ? Math.max(0, now.getTime() - due._min.wakeAt.getTime()) : 0;
    }
  } catch {
    /* reported as not ok */
  }
  if (!embedded) {
    return { status: database.ok ? "ok" : "degraded", database, engine: { mode: "inngest", ok: true } };
  }
  const running = isEmbeddedEngineRunning();
  const engineOk = running && database.ok && (oldestDueRunAgeMs ?? 0) < STALLED_AFTER_MS;
  return {
    status: database.ok && engineOk ? "ok" : "degraded",
    database,
    engine: { mode: "embedded", ok: engineOk, running, dueRuns, oldestDueRunAgeMs },
  };
}
