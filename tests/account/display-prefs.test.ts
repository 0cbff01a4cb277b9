// Account → Dates and numbers: the schema the form and the action share, the action itself
// (session, validation, the signed-in user's row only) against a real database, that Settings →
// Notifications' action no longer changes it, and the formatters every screen uses with the
// saved choice.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AgencyContext } from "@/lib/auth/agency-context.ts";
import { canonicalTimeZone, DisplayPrefsSchema, supportedLocale } from "@/lib/i18n/display-prefs-schema.ts";
import { localeChoices, timeZoneChoices } from "@/lib/i18n/display-prefs-choices.ts";
import { formatDateTime, formatDuration, formatPercent, formatRelative } from "@/lib/i18n/format.ts";
import { newId } from "@/lib/ids.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { createAgency } from "../webhooks/support/fixtures.ts";

let testDb: TestDatabase;
let signedIn: AgencyContext | null = null;

vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("@/lib/db/index.ts", () => ({ db: async () => testDb.prisma }));
vi.mock("@/lib/auth/session.ts", () => ({
  requireContext: async () => {
    // What requireContext does for a signed-out caller: a redirect to the login page.
    if (!signedIn) throw Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/login;307;" });
    return signedIn;
  },
}));

const { saveDisplayPrefsAction } = await import("@/lib/actions/account/save-display-prefs.ts");
const { savePreferencesAction } = await import("@/lib/actions/alerts/save-preferences.ts");

describe("DisplayPrefsSchema", () => {
  const parse = (locale: string, timeZone: string) => DisplayPrefsSchema.safeParse({ locale, timeZone });

  it("takes Browser default (empty), real IANA zones and locales Intl formats, in canonical spelling", () => {
    expect(parse("", "")).toMatchObject({ success: true, data: { locale: "", timeZone: "" } });
    expect(parse("de-DE", "Europe/Berlin")).toMatchObject({ success: true, data: { locale: "de-DE" } });
    expect(parse(" en-gb ", "UTC")).toMatchObject({ success: true, data: { locale: "en-GB", timeZone: "UTC" } });
    expect(parse("ja", "Asia/Tokyo").success).toBe(true);
    // IANA links and another spelling of a listed zone are stored as the list names them.
    expect(parse("", "US/Eastern")).toMatchObject({ success: true, data: { timeZone: "America/New_York" } });
    expect(parse("", "europe/berlin")).toMatchObject({ success: true, data: { timeZone: "Europe/Berlin" } });
    expect(parse("", "Etc/UTC")).toMatchObject({ success: true, data: { timeZone: "UTC" } });
  });

  it.each([
    ["en_US", "not a BCP 47 tag"],
    ["zz", "no locale data"],
    ["<b>en</b>", "markup"],
    ["en\u0000", "NUL"],
    ["x".repeat(40), "too long"],
  ])("refuses the locale %j (%s) with a message on the locale field", (locale) => {
    const r = parse(locale, "UTC");
    expect(r.success).toBe(false);
    expect([...new Set(r.error?.issues.map((i) => i.path.join(".")))]).toEqual(["locale"]);
  });

  it.each([
    ["Mars/Olympus_Mons", "no such zone"],
    ["+05:00", "an offset, not a zone"],
    ["Europe", "an area, not a zone"],
    ["Europe/Berlin\u0000", "NUL"],
    ["\ud800", "a lone surrogate"],
  ])("refuses the time zone %j (%s) with a message on the timeZone field", (timeZone) => {
    const r = parse("en-GB", timeZone);
    expect(r.success).toBe(false);
    expect([...new Set(r.error?.issues.map((i) => i.path.join(".")))]).toEqual(["timeZone"]);
    expect(r.error?.issues[0].message).toMatch(/time zone/);
  });

  it("offers only what it accepts", () => {
    // Offsets as on 1 December (no daylight saving in the northern hemisphere).
    const zones = timeZoneChoices(new Date("2026-12-01T12:00:00Z"));
    expect(zones.length).toBeGreaterThan(300);
    expect(zones.every((z) => canonicalTimeZone(z.value) === z.value)).toBe(true);
    expect(zones.find((z) => z.value === "UTC")?.label).toBe("UTC (GMT+00:00)");
    expect(zones.find((z) => z.value === "America/Los_Angeles")?.label).toBe("America/Los Angeles (GMT-08:00)");
    const locales = localeChoices("fr-LU");
    expect(locales.every((l) => supportedLocale(l.value) === l.value)).toBe(true);
    expect(locales.find((l) => l.value === "de-DE")?.label).toBe("Deutsch (Deutschland) · de-DE");
    // A saved locale outside the usual list is still shown as chosen.
    expect(locales.some((l) => l.value === "fr-LU")).toBe(true);
  });
});

describe("saveDisplayPrefsAction", () => {
  let alice: AgencyContext;
  let bobId: string;

  async function addUser(name: string): Promise<string> {
    const id = newId("usr");
    await testDb.prisma.user.create({ data: { id, email: `${name}-${id}@studio.test`, name, passwordHash: "-" } });
    return id;
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const agencyId = await createAgency(testDb.prisma);
    const aliceId = await addUser("alice");
    bobId = await addUser("bob");
    await testDb.prisma.userPreference.create({ data: { userId: bobId, locale: "fr-FR", timeZone: "Europe/Paris" } });
    alice = {
      user: { id: aliceId, email: "alice@studio.test", name: "Alice" },
      agency: { id: agencyId, name: "Studio North", slug: "studio-north" },
      // Members choose their own too: nothing here is an agency's setting.
      role: "member",
      memberships: [],
    };
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  const rowOf = (userId: string) => testDb.prisma.userPreference.findUnique({ where: { userId } });

  it("saves the signed-in person's choice, and Browser default as null", async () => {
    signedIn = alice;
    // A field for someone else's user is not part of the schema: it is dropped, not obeyed.
    const saved = await saveDisplayPrefsAction({ locale: "de-de", timeZone: "Asia/Tokyo", userId: bobId } as never);
    expect(saved).toEqual({ ok: true, data: { locale: "de-DE", timeZone: "Asia/Tokyo" } });
    expect(await rowOf(alice.user.id)).toMatchObject({
      locale: "de-DE",
      timeZone: "Asia/Tokyo",
      alertEmails: "immediate",
    });
    expect(await rowOf(bobId)).toMatchObject({ locale: "fr-FR", timeZone: "Europe/Paris" });

    expect(await saveDisplayPrefsAction({ locale: "", timeZone: "" })).toEqual({
      ok: true,
      data: { locale: null, timeZone: null },
    });
    expect(await rowOf(alice.user.id)).toMatchObject({ locale: null, timeZone: null });
  });

  it("refuses an unknown zone or locale field by field and changes nothing", async () => {
    signedIn = alice;
    await saveDisplayPrefsAction({ locale: "en-GB", timeZone: "Europe/London" });
    const refused = await saveDisplayPrefsAction({ locale: "klingon", timeZone: "Mars/Olympus_Mons" });
    expect(refused).toMatchObject({
      ok: false,
      error: "Choose a language and a time zone from the lists.",
      fieldErrors: { locale: [expect.any(String)], timeZone: [expect.any(String)] },
    });
    expect(await rowOf(alice.user.id)).toMatchObject({ locale: "en-GB", timeZone: "Europe/London" });
  });

  it("Settings → Notifications saves alert emails only: a locale or zone sent to it is dropped", async () => {
    signedIn = alice;
    await saveDisplayPrefsAction({ locale: "en-GB", timeZone: "Europe/London" });
    const saved = await savePreferencesAction({ alertEmails: "daily", locale: "ja", timeZone: "Asia/Tokyo" } as never);
    expect(saved).toEqual({ ok: true, data: { alertEmails: "daily" } });
    expect(await rowOf(alice.user.id)).toMatchObject({
      alertEmails: "daily",
      locale: "en-GB",
      timeZone: "Europe/London",
    });
    // Without its one field it saves nothing, and names the field.
    const refused = await savePreferencesAction({ locale: "ja" } as never);
    expect(refused).toMatchObject({ ok: false, fieldErrors: { alertEmails: [expect.any(String)] } });
    expect(await rowOf(alice.user.id)).toMatchObject({ alertEmails: "daily", locale: "en-GB" });
  });

  it("sends a signed-out caller to the login page", async () => {
    signedIn = null;
    await expect(saveDisplayPrefsAction({ locale: "en-GB", timeZone: "UTC" })).rejects.toMatchObject({
      digest: expect.stringMatching(/^NEXT_REDIRECT;.*\/login/),
    });
  });
});

describe("formatters in the person's locale", () => {
  const at = "2026-12-01T17:05:00Z";
  const de = { locale: "de-DE", timeZone: "Asia/Tokyo" };

  it("dates and times in the chosen locale and zone", () => {
    expect(formatDateTime(at, { locale: "en-GB", timeZone: "UTC" }, true)).toBe("1 Dec 2026, 17:05 UTC");
    expect(formatDateTime(at, de, true)).toBe("2. Dez. 2026, 02:05 GMT+9");
  });

  it("durations with Intl units", () => {
    expect(formatDuration(12, { locale: "en-GB" })).toBe("12 ms");
    expect(formatDuration(1234, { locale: "en-US" })).toBe("1.23 sec");
    expect(formatDuration(12_345, { locale: "en-GB" })).toBe("12.3 secs");
    expect(formatDuration(1234, de)).toBe("1,23 Sek.");
    expect(formatDuration(null, de)).toBe("—");
  });

  it("percentages with Intl percent: none and all without a decimal", () => {
    expect(formatPercent(1, { locale: "en-US" })).toBe("100%");
    expect(formatPercent(0, { locale: "en-US" })).toBe("0%");
    expect(formatPercent(0.98, { locale: "en-US" })).toBe("98.0%");
    expect(formatPercent(0.995, de)).toBe("99,5\u00a0%");
    expect(formatPercent(undefined)).toBe("—");
  });

  it("relative times in the locale", () => {
    const now = Date.parse(at);
    expect(formatRelative(new Date(now - 120_000), now, { locale: "en-GB" })).toBe("2 minutes ago");
    expect(formatRelative(new Date(now - 120_000), now, de)).toBe("vor 2 Minuten");
    expect(formatRelative(new Date(now + 3 * 3_600_000), now, de)).toBe("in 3 Stunden");
  });
});
