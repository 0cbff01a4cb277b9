/** A person's display preferences; unset parts fall back to the browser's (or, on the server, en/UTC). */
export type DisplayPrefs = { locale?: string | null; timeZone?: string | null };

/** Only tags and zones Intl accepts are kept: a stored value never makes a page throw. */
export function safeLocale(locale?: string | null): string | undefined {
  if (!locale) return undefined;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length ? locale : undefined;
  } catch {
    return undefined;
  }
}

export function safeTimeZone(timeZone?: string | null): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

/** "1 Dec 2026, 17:05 UTC" in the person's locale and time zone (the zone named, for email). */
export function formatDateTime(date: Date | string, prefs: DisplayPrefs = {}, withZone = false): string {
  // dateStyle cannot be combined with timeZoneName: the same fields, spelled out.
  return new Intl.DateTimeFormat(safeLocale(prefs.locale), {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: safeTimeZone(prefs.timeZone),
    ...(withZone ? { timeZoneName: "short" } : {}),
  }).format(new Date(date));
}

export function formatNumber(n: number, prefs: DisplayPrefs = {}, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(safeLocale(prefs.locale), options).format(n);
}

/** "12 ms", "1.25 s", "12.5 s" (de: "1,25 s"): milliseconds under a second, else seconds. */
export function formatDuration(ms: number | null | undefined, prefs: DisplayPrefs = {}): string {
  if (ms === null || ms === undefined) return "—";
  const locale = safeLocale(prefs.locale);
  if (ms < 1000)
    return new Intl.NumberFormat(locale, { style: "unit", unit: "millisecond", maximumFractionDigits: 0 }).format(ms);
  const digits = ms < 10_000 ? 2 : 1;
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: "second",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(ms / 1000);
}

/** A rate 0–1 as "99.5%" (de: "99,5 %"); exactly none or all without a decimal. */
export function formatPercent(rate: number | null | undefined, prefs: DisplayPrefs = {}): string {
  if (rate === null || rate === undefined) return "—";
  const digits = rate === 0 || rate === 1 ? 0 : 1;
  return new Intl.NumberFormat(safeLocale(prefs.locale), {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(rate);
}

const RELATIVE_UNITS: [number, Intl.RelativeTimeFormatUnit][] = [
  [60, "second"],
  [3600, "minute"],
  [86400, "hour"],
  [86400 * 30, "day"],
];

/** "2 minutes ago", "in 5 hours" in the person's locale; a month or more away, the date itself. */
export function formatRelative(date: Date | string, now: number, prefs: DisplayPrefs = {}): string {
  const diff = Math.round((new Date(date).getTime() - now) / 1000);
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(safeLocale(prefs.locale), { numeric: "auto" });
  if (abs < 60) return rtf.format(diff, "second");
  for (let i = 1; i < RELATIVE_UNITS.length; i++) {
    if (abs < RELATIVE_UNITS[i][0])
      return rtf.format(Math.round(diff / RELATIVE_UNITS[i - 1][0]), RELATIVE_UNITS[i][1]);
  }
  return formatDateTime(date, prefs);
}

export function formatMoney(amount: number, currency: string, prefs: DisplayPrefs = {}): string {
  return new Intl.NumberFormat(safeLocale(prefs.locale), { style: "currency", currency }).format(amount);
}

/** The hour of the day (0–23) at `date` in a time zone: the daily digest goes out at 8 local. */
export function hourIn(date: Date, timeZone?: string | null): number {
  const hour = new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit",
    hourCycle: "h23",
    timeZone: safeTimeZone(timeZone) ?? "UTC",
  }).format(date);
  return Number(hour);
}
