import { config } from "@/lib/config/index.ts";
import { getDatabase } from "@/lib/db/index.ts";

export type Health = {
  status: "ok" | "degraded";
  database: { ok: boolean; kind?: string; latencyMs?: number };
  engine: { mode: "embedded" | "inngest"; ok: boolean };
};

export async function checkHealth(): Promise<Health> {
  const database: Health["database"] = { ok: false };
  try {
    const started = performance.now();
    const d = await getDatabase();
    await d.prisma.$queryRaw`SELECT 1`;
    Object.assign(database, { ok: true, kind: d.kind, latencyMs: Math.round(performance.now() - started) });
  } catch {
    /* reported as not ok */
  }
  const embedded = config().embeddedEngine;
  const holder = globalThis as unknown as { __agencyEngine?: Promise<unknown> };
  const engineOk = embedded ? Boolean(holder.__agencyEngine) && database.ok : true;
  return {
    status: database.ok && engineOk ? "ok" : "degraded",
    database,
    engine: { mode: embedded ? "embedded" : "inngest", ok: engineOk },
  };
}
