// A small 5-field cron reader (minute hour day-of-month month day-of-week, optional
// "TZ=Area/City " prefix), enough for the schedules Inngest functions declare.

type CronSpec = {
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  domAny: boolean;
  dowAny: boolean;
  tz: string;
};

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const MACROS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

function field(text: string, min: number, max: number, names: string[] = [], nameBase = 0): Set<number> {
  const out = new Set<number>();
  const value = (s: string) => {
    const i = names.indexOf(s.toLowerCase());
    const n = i >= 0 ? i + nameBase : Number(s);
    if (!Number.isInteger(n) || n < min || n > max + (max === 6 ? 1 : 0)) throw new Error(`Bad cron value "${s}"`);
    return max === 6 && n === 7 ? 0 : n; // 7 is Sunday too
  };
  for (const part of text.split(",")) {
    const [range, stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`Bad cron step "${part}"`);
    let lo = min;
    let hi = max;
    if (range !== "*") {
      const [a, b] = range.split("-");
      lo = value(a);
      hi = b === undefined ? (stepText === undefined ? lo : max) : value(b);
    }
    for (let n = lo; n <= hi; n += step) out.add(n);
  }
  return out;
}

export function parseCron(expression: string): CronSpec {
  let text = expression.trim();
  let tz = "UTC";
  const tzMatch = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(text);
  if (tzMatch) [, tz, text] = tzMatch;
  text = MACROS[text] ?? text;
  const parts = text.split(/\s+/);
  if (parts.length !== 5) throw new Error(`Cron "${expression}" must have 5 fields`);
  const [mi, h, dom, mon, dow] = parts;
  return {
    minute: field(mi, 0, 59),
    hour: field(h, 0, 23),
    dom: field(dom, 1, 31),
    month: field(mon, 1, 12, MONTHS, 1),
    dow: field(dow, 0, 6, DAYS, 0),
    domAny: dom === "*" || dom === "?",
    dowAny: dow === "*" || dow === "?",
    tz,
  };
}

function wallClock(ms: number, tz: string) {
  if (tz === "UTC") {
    const d = new Date(ms);
    return {
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      dow: d.getUTCDay(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
    };
  }
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      month: "numeric",
      day: "numeric",
      weekday: "short",
      hour: "numeric",
      minute: "numeric",
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return {
    month: Number(parts.month),
    day: Number(parts.day),
    dow: DAYS.indexOf(parts.weekday.toLowerCase()),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

/** The first time strictly after `afterMs` that matches the cron expression. */
export function nextCronTime(expression: string, afterMs: number): number {
  const spec = parseCron(expression);
  let t = Math.floor(afterMs / 60_000) * 60_000 + 60_000;
  const limit = t + 366 * 86_400_000 * 5;
  while (t < limit) {
    const w = wallClock(t, spec.tz);
    // Standard cron: when both day fields are restricted, either may match.
    const domOk = spec.dom.has(w.day);
    const dowOk = spec.dow.has(w.dow);
    const dayOk = spec.domAny && spec.dowAny ? true : spec.domAny ? dowOk : spec.dowAny ? domOk : domOk || dowOk;
    if (!spec.month.has(w.month) || !dayOk) t += (24 * 60 - w.hour * 60 - w.minute) * 60_000;
    else if (!spec.hour.has(w.hour)) t += (60 - w.minute) * 60_000;
    else if (!spec.minute.has(w.minute)) t += 60_000;
    else return t;
  }
  throw new Error(`Cron "${expression}" never fires`);
}
