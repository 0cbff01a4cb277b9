// Issue 14 item 6 (the remainder): NUL (\u0000), lone surrogates (\ud800) and dates outside
// 1970–9999 reached the database and answered an empty 500. The boundaries (actions, routes,
// /api/v1 bodies) now refuse such text naming the field, and every date an input carries is
// bounded. The e2e hostile-input spec sends them to every route and action; these are the
// pieces, without a browser.
import { describe, expect, it } from "vitest";
import { parseJsonBody } from "@/lib/api/read-body.ts";
import { EmitEventBody, InngestEventsBody, RetryFailedBody } from "@/lib/api/v1/request-schemas.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import { parseEventData, sampleEventData } from "@/lib/webhooks/event-catalog.ts";
import { decodeCursor } from "@/lib/webhooks/logs/log-cursor.ts";
import { isDateInRange } from "@/lib/validation/bounded-date.ts";
import { assertStorable, assertStorableSearchParams } from "@/lib/validation/storable-input.ts";

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("not refused");
}

const cursorWith = (t: string, i = "dlv_1") => Buffer.from(JSON.stringify({ t, i })).toString("base64url");

describe("text PostgreSQL cannot store, at the boundaries", () => {
  it.each([
    ["NUL", "a\u0000b"],
    ["a lone high surrogate", "\ud800"],
    ["a lone low surrogate", "x\udc00"],
  ])("refuses %s anywhere in an input, naming the field by its path", (_label, bad) => {
    const err = refusal(() => assertStorable({ name: "ok", headers: { "X-Key": bad } }));
    expect(err.code).toBe("INVALID_INPUT");
    expect(err.message).toMatch(/^headers\.X-Key: /);
    expect(Object.keys(err.fieldErrors ?? {})).toEqual(["headers"]);
    expect(refusal(() => assertStorable({ items: ["fine", { id: bad }] })).message).toMatch(/^items\.1\.id: /);
    expect(refusal(() => assertStorable({ [bad]: 1 })).message).toMatch(/its name/);
    // A URL cannot carry a lone surrogate (it becomes U+FFFD, which is storable); NUL it can.
    if (bad.includes("\u0000"))
      expect(refusal(() => assertStorableSearchParams(new URLSearchParams({ eventId: bad }))).message).toMatch(
        /^eventId: /,
      );
    // JSON can spell both (\u0000, \ud800): the API's body parser refuses them, naming the field.
    const json = JSON.stringify({ data: { client_name: bad } });
    expect(refusal(() => parseJsonBody(json)).fieldErrors).toHaveProperty("data");
  });

  it("lets ordinary text through, surrogate pairs (emoji) included", () => {
    expect(() => assertStorable({ name: "Café 🎉", list: ["ü", "日本"], n: 1, ok: true, none: null })).not.toThrow();
    expect(parseJsonBody('{"a":"\\ud83c\\udf89"}')).toEqual({ a: "🎉" });
  });
});

describe("dates outside 1970–9999", () => {
  it("are outside the bounds, and the bounds themselves are inside", () => {
    for (const ms of [Date.UTC(1969, 11, 31, 23, 59, 59), Date.UTC(10000, 0, 1), Number.NaN, 8.64e15]) {
      expect(isDateInRange(ms)).toBe(false);
    }
    for (const ms of [0, Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.now()]) expect(isDateInRange(ms)).toBe(true);
  });

  it.each(["0001-01-01", "1969-12-31", "0000-01-01"])("event data refuses the date %s, naming the field", (date) => {
    const parsed = parseEventData("invoice.paid", { ...sampleEventData("invoice.paid"), paid_date: date });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/paid_date/);
  });

  it("the API refuses an out-of-range occurredAt, retry range and Inngest ts, naming the field", () => {
    const emit = EmitEventBody.safeParse({
      type: "invoice.paid",
      data: sampleEventData("invoice.paid"),
      occurredAt: "0001-01-01T00:00:00Z",
    });
    expect(emit.success).toBe(false);
    expect(emit.error?.issues[0].path).toEqual(["occurredAt"]);
    const range = RetryFailedBody.safeParse({ from: "0001-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z" });
    expect(range.error?.issues.map((i) => i.path[0])).toContain("from");
    const inngest = InngestEventsBody.safeParse({ name: "agency-os/invoice.paid", data: {}, ts: 1e17 });
    expect(inngest.success).toBe(false);
  });

  it.each([
    ["a year past 9999", cursorWith("+275760-09-13T00:00:00.000Z")],
    ["a date before 1970", cursorWith("1969-12-31T23:59:59.000Z")],
    ["year 0", cursorWith("0000-01-01T00:00:00.000Z")],
    ["NUL in its ID", cursorWith("2026-01-01T00:00:00.000Z", "dlv\u0000")],
  ])("a log cursor holding %s is refused as a cursor", (_label, cursor) => {
    expect(refusal(() => decodeCursor(cursor)).fieldErrors).toHaveProperty("cursor");
  });
});
