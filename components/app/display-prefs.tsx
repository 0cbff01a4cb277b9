"use client";

import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from "react";
import type { DisplayPrefs } from "@/lib/i18n/format.ts";

const SavedPrefsContext = createContext<DisplayPrefs>({ locale: null, timeZone: null });
const noSubscription = () => () => {};

/**
 * The signed-in person's saved locale and time zone, for useDisplayPrefs below. The value stays
 * the same object while the choice does: a context that changed after hydration would reach every
 * streamed page content not revealed yet, and React would render those again in the browser
 * instead of hydrating them (e2e/hydration.spec.ts).
 */
export function DisplayPrefsProvider({ saved, children }: { saved: DisplayPrefs; children: ReactNode }) {
  const { locale, timeZone } = saved;
  const value = useMemo(() => ({ locale, timeZone }), [locale, timeZone]);
  return <SavedPrefsContext.Provider value={value}>{children}</SavedPrefsContext.Provider>;
}

/**
 * The person's locale and time zone: their saved choice, else the browser's. The browser's is
 * known only after mount, so until then (and on the server) this is null and dates render in UTC
 * with the zone named, and hydration never disagrees; saved choices render right away. Each
 * component that asks learns of the browser's itself (it re-renders once after hydrating).
 */
export function useDisplayPrefs(): DisplayPrefs | null {
  const { locale, timeZone } = useContext(SavedPrefsContext);
  // False while hydrating (the server's snapshot), true after.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  return useMemo<DisplayPrefs | null>(() => {
    if (locale && timeZone) return { locale, timeZone };
    if (!hydrated) return null;
    const browser = Intl.DateTimeFormat().resolvedOptions();
    return { locale: locale || navigator.language || browser.locale, timeZone: timeZone || browser.timeZone };
  }, [hydrated, locale, timeZone]);
}
