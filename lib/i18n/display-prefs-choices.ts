import { timeZoneNames } from "./display-prefs-schema.ts";

// The languages offered on Account (any locale Intl supports is accepted; these are the usual ones).
const COMMON_LOCALES = [
  "ar-EG",
  "cs-CZ",
  "da-DK",
  "de-AT",
  "de-CH",
  "de-DE",
  "en-AU",
  "en-CA",
  "en-GB",
  "en-IE",
  "en-IN",
  "en-NZ",
  "en-US",
  "en-ZA",
  "es-ES",
  "es-MX",
  "fi-FI",
  "fr-BE",
  "fr-CA",
  "fr-CH",
  "fr-FR",
  "he-IL",
  "hi-IN",
  "hu-HU",
  "it-IT",
  "ja-JP",
  "ko-KR",
  "nb-NO",
  "nl-BE",
  "nl-NL",
  "pl-PL",
  "pt-BR",
  "pt-PT",
  "ro-RO",
  "ru-RU",
  "sv-SE",
  "th-TH",
  "tr-TR",
  "uk-UA",
  "zh-CN",
  "zh-TW",
];

export type Choice = { value: string; label: string };

/** "Deutsch (Deutschland) · de-DE": each language named in itself, the saved one kept if it is not a usual one. */
export function localeChoices(current: string | null): Choice[] {
  const values = current && !COMMON_LOCALES.includes(current) ? [...COMMON_LOCALES, current] : COMMON_LOCALES;
  return values
    .map((value) => ({ value, label: `${new Intl.DisplayNames([value], { type: "language" }).of(value)} · ${value}` }))
    .sort((a, b) => a.label.localeCompare(b.label, "en"));
}

/** "Europe/Berlin (GMT+01:00)": every IANA zone with its offset today. */
export function timeZoneChoices(now = new Date()): Choice[] {
  return timeZoneNames().map((value) => {
    const offset = new Intl.DateTimeFormat("en-US", { timeZone: value, timeZoneName: "longOffset" })
      .formatToParts(now)
      .find((p) => p.type === "timeZoneName")?.value;
    return { value, label: `${value.replaceAll("_", " ")} (${offset})` };
  });
}
