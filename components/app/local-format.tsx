"use client";

import { useMemo } from "react";
import {
  formatDateTime,
  formatDuration,
  formatNumber,
  formatPercent,
  formatRelative,
  type DisplayPrefs,
} from "@/lib/i18n/format.ts";
import { useDisplayPrefs } from "./display-prefs.tsx";

// Until the browser's locale and zone are known (the server's render and hydration), values
// render as en-GB in UTC with the zone named: the same on both sides, then re-rendered.
const BEFORE_KNOWN: DisplayPrefs = { locale: "en-GB", timeZone: "UTC" };

export type Formatters = {
  dateTime(iso: string | Date, withZone?: boolean): string;
  relative(iso: string | Date, now: number): string;
  duration(ms: number | null | undefined): string;
  percent(rate: number | null | undefined): string;
  number(n: number): string;
};

/** Dates, numbers, durations and percentages in the signed-in person's locale and time zone. */
export function useFormatters(): Formatters {
  const known = useDisplayPrefs();
  return useMemo(() => {
    const prefs = known ?? BEFORE_KNOWN;
    return {
      dateTime: (iso, withZone = false) => formatDateTime(iso, prefs, withZone || known === null),
      relative: (iso, now) => formatRelative(iso, now, prefs),
      duration: (ms) => formatDuration(ms, prefs),
      percent: (rate) => formatPercent(rate, prefs),
      number: (n) => formatNumber(n, prefs),
    };
  }, [known]);
}

/** A date and time in the person's locale and zone; for server components too. */
export function LocalDateTime({ iso, withZone, className }: { iso: string; withZone?: boolean; className?: string }) {
  const f = useFormatters();
  return (
    <time dateTime={iso} className={className}>
      {f.dateTime(iso, withZone)}
    </time>
  );
}

export function LocalDuration({ ms }: { ms: number | null | undefined }) {
  return <>{useFormatters().duration(ms)}</>;
}

export function LocalPercent({ rate }: { rate: number | null | undefined }) {
  return <>{useFormatters().percent(rate)}</>;
}

export function LocalNumber({ n }: { n: number }) {
  return <>{useFormatters().number(n)}</>;
}
