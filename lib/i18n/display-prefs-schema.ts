import { z } from "zod";

// What a person may choose for dates and numbers: a locale Intl has data for and a real IANA
// time zone, or "" for the browser's own. One schema for the Account form and the action.

// Intl.supportedValuesOf leaves UTC out (it lists places); it is the zone most people name.
const EXTRA_ZONES = ["UTC"];

let zones: Set<string> | undefined;

/** Every IANA time zone this runtime knows (canonical names, as the Account list offers them). */
export function timeZoneNames(): string[] {
  return [...EXTRA_ZONES, ...Intl.supportedValuesOf("timeZone")];
}

/**
 * The zone as this runtime's list names it, if it is one: a listed name, or an IANA link Intl
 * resolves to one (`Asia/Kolkata` → `Asia/Calcutta` where ICU keeps the old name, `US/Eastern`).
 * Offsets ("+05:00") and anything else Intl refuses are not zones.
 */
export function canonicalTimeZone(value: string): string | undefined {
  zones ??= new Set(timeZoneNames());
  if (zones.has(value)) return value;
  try {
    const resolved = new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
    return zones.has(resolved) ? resolved : undefined;
  } catch {
    return undefined;
  }
}

/** The locale in its canonical spelling (`en-gb` → `en-GB`) if Intl formats dates for it, else undefined. */
export function supportedLocale(value: string): string | undefined {
  try {
    const [canonical] = Intl.getCanonicalLocales(value);
    if (!canonical) return undefined;
    return Intl.DateTimeFormat.supportedLocalesOf([canonical]).length &&
      Intl.NumberFormat.supportedLocalesOf([canonical]).length
      ? canonical
      : undefined;
  } catch {
    // Not a BCP 47 tag at all ("en_US", "<b>", NUL).
    return undefined;
  }
}

export const LocaleField = z
  .string()
  .trim()
  .max(35)
  .refine((v) => v === "" || supportedLocale(v) !== undefined, {
    message: "Choose a language from the list, e.g. English (United Kingdom)",
  })
  .transform((v) => (v === "" ? "" : supportedLocale(v)!));

export const TimeZoneField = z
  .string()
  .trim()
  .max(64)
  .refine((v) => v === "" || canonicalTimeZone(v) !== undefined, {
    message: "Choose a time zone from the list, e.g. Europe/Berlin",
  })
  .transform((v) => (v === "" ? "" : canonicalTimeZone(v)!));

/** Account → Dates and numbers. "" means "Browser default". */
export const DisplayPrefsSchema = z.object({ locale: LocaleField, timeZone: TimeZoneField });
export type DisplayPrefsInput = z.input<typeof DisplayPrefsSchema>;
