import type { InngestFunction } from "inngest";
import { serve } from "inngest/next";
import type { NextRequest } from "next/server";
import { inngest } from "@/lib/inngest/client.ts";
import { config } from "@/lib/config/index.ts";
import type { PrismaClient } from "@/lib/db/index.ts";
import { setEngineEndpoint } from "@/lib/engine/embedded-fetch.ts";
import { createEngine, type Engine, type EngineOptions } from "@/lib/engine/engine.ts";
import { localSigningKey } from "@/lib/engine/local-signing-key.ts";

type AnyFunction = InngestFunction.Any;

/** The test functions behind a real serve() handler, exactly as app/api/inngest/route.ts does it. */
export function serveFunctions(functions: AnyFunction[]) {
  const route = serve({ client: inngest, functions, enableUnauthedSync: false });
  return {
    POST: (req: Request) => route.POST(req as NextRequest, undefined),
    PUT: (req: Request) => route.PUT(req as NextRequest, undefined),
  };
}

export async function startTestEngine(
  db: PrismaClient,
  functions: AnyFunction[],
  opts: Partial<EngineOptions> = {},
): Promise<Engine> {
  const engine = createEngine({
    db,
    handler: serveFunctions(functions),
    signingKey: localSigningKey(config().dataDir),
    pollMs: 100,
    leaseMs: 2000,
    backoff: () => 150,
    log: (level, m) => {
      if (level === "error") console.error(`[engine] ${m}`);
    },
    ...opts,
  });
  setEngineEndpoint(engine);
  await engine.start();
  return engine;
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
  what = "condition",
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export type RunRow = {
  id: string;
  functionId: string;
  status: string;
  output: unknown;
  error: string | null;
  wakeAt: Date;
};

export async function runsOf(db: PrismaClient, functionId: string): Promise<RunRow[]> {
  return db.engineRun.findMany({
    where: { functionId: `${inngest.id}-${functionId}` },
    orderBy: { createdAt: "asc" },
    select: { id: true, functionId: true, status: true, output: true, error: true, wakeAt: true },
  });
}

/**
 * Makes a function's cron due now and waits for its nth completed run: the engine's scheduler
 * picks due crons up on its next poll, so a test need not wait out the real schedule.
 */
export async function tickCron(db: PrismaClient, functionId: string, n: number, timeoutMs: number): Promise<RunRow> {
  await db.engineCron.update({
    where: { functionId: `${inngest.id}-${functionId}` },
    data: { nextAt: new Date(Date.now() - 1000) },
  });
  const completed = await waitFor(
    async () => {
      const done = (await runsOf(db, functionId)).filter((r) => r.status === "completed");
      return done.length >= n ? done : undefined;
    },
    timeoutMs,
    `${functionId} tick ${n}`,
  );
  return completed[n - 1];
}

export async function finishedRun(
  db: PrismaClient,
  functionId: string,
  count = 1,
  timeoutMs?: number,
): Promise<RunRow[]> {
  return waitFor(
    async () => {
      const runs = await runsOf(db, functionId);
      const done = runs.filter((r) => r.status === "completed" || r.status === "failed");
      return done.length >= count ? done : undefined;
    },
    timeoutMs,
    `${count} finished run(s) of ${functionId}`,
  );
}

/**
 * One of several engines in this process on one database: checkpointing off (the process has
 * one SDK client endpoint, which the sync of the engine being started borrows).
 */
export async function startSharedEngine(
  db: PrismaClient,
  handler: ReturnType<typeof serveFunctions>,
  opts: Partial<EngineOptions> = {},
): Promise<Engine> {
  const engine = createEngine({
    db,
    handler,
    signingKey: localSigningKey(config().dataDir),
    pollMs: 100,
    checkpointing: false,
    log: () => {},
    ...opts,
  });
  setEngineEndpoint(engine);
  await engine.start();
  return engine;
}

/**
 * batchEvents: the run that carries an event (the run of the batch whose claim took the event's
 * item), or null while the item waits (or for an event that queued none).
 */
export async function runCarrying(db: PrismaClient, eventId: string) {
  const item = await db.engineBatchItem.findFirst({ where: { eventId } });
  return item?.batchRunId ? db.engineRun.findUnique({ where: { id: item.batchRunId } }) : null;
}
