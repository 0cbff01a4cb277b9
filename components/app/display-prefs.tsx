"use client";

import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from "react";
import type { DisplayPrefs } from "@/lib/i18n/format.ts";

const DisplayPrefsContext = createContext<DisplayPrefs | null>(null);
const noSubscription = () => () => {};

/**
 * The signed-in person's locale and time zone: their saved choice, else the browser's. The
 * browser's is known only after mount, so until then (and on the server) dates render in UTC
 * with the zone named, and hydration never disagrees; saved choices render right away.
 */
export function DisplayPrefsProvider({ saved, children }: { saved: DisplayPrefs; children: ReactNode }) {
  // False while hydrating (the server's snapshot), true after: React re-renders once with it.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const { locale, timeZone } = saved;
  const prefs = useMemo<DisplayPrefs | null>(() => {
    if (locale && timeZone) return { locale, timeZone };
    if (!hydrated) return null;
    const browser = Intl.DateTimeFormat().resolvedOptions();
    return { locale: locale || navigator.language || browser.locale, timeZone: timeZone || browser.timeZone };
  }, [hydrated, locale, timeZone]);
  return <DisplayPrefsContext.Provider value={prefs}>{children}</DisplayPrefsContext.Provider>;
}

/** Null until the browser's preferences are known (first render, server render). */
export function useDisplayPrefs(): DisplayPrefs | null {
  return useContext(DisplayPrefsContext);
}
