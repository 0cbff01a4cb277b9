import { Prisma, type EndpointAlertKind, type PrismaClient } from "@/lib/db/generated/client.ts";
import { config } from "@/lib/config/index.ts";
import { announceAlert, type AlertError } from "./announce-alert.ts";

const DAY_MS = 86_400_000;

export type AttemptOutcome = {
  agencyId: string;
  webhookId: string;
  ok: boolean;
  /** From recordAttempt: the streak's start after this attempt, and the state announced before it. */
  failingSince: Date | null;
  alertState: EndpointAlertKind | null;
  error: AlertError;
  autoDisableAfterMs?: number;
};

/**
 * After an attempt that counts for the endpoint's health. A success on an endpoint with nothing
 * announced (every healthy delivery) costs nothing here: the state came back with the attempt's
 * own statement. Only a change of state runs a statement, and of racing attempts one wins.
 */
export async function alertOnAttempt(prisma: PrismaClient, o: AttemptOutcome): Promise<string | null> {
  const scope = { agencyId: o.agencyId, webhookId: o.webhookId, autoDisableAfterMs: o.autoDisableAfterMs };
  if (o.ok) {
    if (o.alertState === null) return null;
    return announceAlert(prisma, {
      ...scope,
      kind: "recovered",
      when: Prisma.sql`status = 'active' AND failing_since IS NULL AND alert_state IS NOT NULL`,
      error: { errorClass: null, statusCode: null, errorMessage: null },
    });
  }
  if (!o.failingSince || o.alertState === "failing" || o.alertState === "disabling_soon") return null;
  const streak = config().alertFailureStreak;
  if (streak > 1 && (await failuresSince(prisma, o.webhookId, o.failingSince, streak)) < streak) return null;
  return announceAlert(prisma, {
    ...scope,
    kind: "failing",
    // 'disabled': enabled again by an admin and failing again, a new episode.
    when: Prisma.sql`status = 'active' AND failing_since IS NOT NULL AND (alert_state IS NULL OR alert_state = 'disabled')`,
    error: o.error,
  });
}

// Every health-counting attempt since the streak began failed (a success would have ended it).
async function failuresSince(prisma: PrismaClient, webhookId: string, since: Date, atMost: number): Promise<number> {
  const [row] = await prisma.$queryRaw<{ n: number }[]>(Prisma.sql`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM delivery_attempts
     WHERE webhook_id = ${webhookId} AND created_at >= ${since} AND trigger <> 'test' LIMIT ${atMost}) s`);
  return row?.n ?? 0;
}

/** The system's own pause (410 Gone, or days of failure) and its alert, in one statement. */
export async function disableWithAlert(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId: string; reason: string; now: Date; error?: AlertError },
): Promise<boolean> {
  const id = await announceAlert(prisma, {
    agencyId: args.agencyId,
    webhookId: args.webhookId,
    kind: "disabled",
    when: Prisma.sql`status = 'active'`,
    alsoSet: Prisma.sql`, status = 'auto_disabled', disabled_reason = ${args.reason}, disabled_at = ${args.now}::timestamptz`,
    error: args.error,
  });
  return id !== null;
}

type WarnArgs = { afterMs?: number; leadMs?: number; now?: Date };

// Active endpoints whose failure streak reaches the automatic limit within `leadMs`, not yet warned.
function dueForWarning(args: WarnArgs) {
  const now = args.now ?? new Date();
  const afterMs = args.afterMs ?? config().autoDisableAfterMs;
  const cutoff = new Date(now.getTime() - Math.max(0, afterMs - (args.leadMs ?? DAY_MS)));
  const where = {
    status: "active" as const,
    failingSince: { lte: cutoff },
    OR: [{ alertState: null }, { alertState: { not: "disabling_soon" as const } }],
  };
  return { afterMs, cutoff, where };
}

/** The cron's probe, outside a step: an hour with nobody to warn costs no step on Inngest. */
export async function hasEndpointsToWarn(prisma: PrismaClient, args: WarnArgs = {}): Promise<boolean> {
  return (await prisma.webhook.findFirst({ where: dueForWarning(args).where, select: { id: true } })) !== null;
}

/**
 * Endpoints that will be disabled automatically within `leadMs` (a day) are announced once per
 * episode, across agencies (the hourly auto-disable cron). Returns how many were warned.
 */
export async function warnBeforeAutoDisable(prisma: PrismaClient, args: WarnArgs = {}): Promise<number> {
  const { afterMs, cutoff, where } = dueForWarning(args);
  const due = await prisma.webhook.findMany({ where, select: { id: true, agencyId: true } });
  let warned = 0;
  for (const w of due) {
    const id = await announceAlert(prisma, {
      agencyId: w.agencyId,
      webhookId: w.id,
      kind: "disabling_soon",
      when: Prisma.sql`status = 'active' AND failing_since <= ${cutoff}::timestamptz
                       AND alert_state IS DISTINCT FROM 'disabling_soon'`,
      autoDisableAfterMs: afterMs,
    });
    if (id) warned++;
  }
  return warned;
}
