import { Cron } from "croner";

// Cron schedules read by croner, with Inngest's semantics (robfig/cron): five fields, an
// optional "TZ=Area/City " prefix (UTC otherwise), and day-of-month AND day-of-week when
// either of them starts with "*" (e.g. "*/2" with "1"), OR when both are plain lists.

export type CronSchedule = { expression: string; next(afterMs: number): number | null };

export function parseCron(expression: string): CronSchedule {
  const prefixed = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(expression.trim());
  const [timezone, pattern] = prefixed ? [prefixed[1], prefixed[2]] : ["UTC", expression.trim()];
  const fields = pattern.split(/\s+/);
  const domAndDow = fields.length === 5 && (fields[2].startsWith("*") || fields[4].startsWith("*"));
  const cron = new Cron(pattern, { timezone, domAndDow, mode: "5-part", paused: true });
  return {
    expression,
    // Strictly after `afterMs`; null when the pattern never fires again (e.g. 30 February).
    next: (afterMs) => cron.nextRun(new Date(afterMs))?.getTime() ?? null,
  };
}

/** The earliest next time of several schedules, or null if none fires again. */
export function nextCronTime(schedules: CronSchedule[], afterMs: number): number | null {
  const times = schedules.map((s) => s.next(afterMs)).filter((t): t is number => t !== null);
  return times.length ? Math.min(...times) : null;
}
