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
