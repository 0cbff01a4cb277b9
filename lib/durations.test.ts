import { describe, expect, it } from "vitest";
import { parseCompoundDuration, parseDuration, parseDurationList, parseRetryAfter } from "./durations.ts";

describe("durations", () => {
  it("reads the documented default schedule: 7 waits, 8 attempts, about 27.5 hours", () => {
    const waits = parseDurationList("5s,5m,30m,2h,5h,10h,10h");
    expect(waits).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(waits.reduce((a, b) => a + b, 0) / 3_600_000).toBeCloseTo(27.59, 1);
  });

  it("reads fractions, milliseconds and zero, and refuses nonsense with a clear message", () => {
    expect(parseDuration("0.5s")).toBe(500);
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("0s")).toBe(0);
    expect(() => parseDuration("soon")).toThrow('Not a duration: "soon"');
    expect(() => parseDuration("-5s")).toThrow("Not a duration");
  });

  it("reads the SDK's compound time strings, the empty one as zero", () => {
    expect(parseCompoundDuration("1h30m5s")).toBe(5_405_000);
    expect(parseCompoundDuration("2s")).toBe(2000);
    expect(parseCompoundDuration("1w1d")).toBe(8 * 86_400_000);
    expect(parseCompoundDuration("")).toBe(0);
    expect(parseCompoundDuration("soon")).toBeUndefined();
    expect(parseCompoundDuration("2026-03-02T10:00:00.000Z")).toBeUndefined();
  });

  it("parses Retry-After seconds, HTTP dates and RFC 3339 dates", () => {
    expect(parseRetryAfter("30")).toBe(30_000);
    const now = Date.parse("2026-03-31T12:00:00Z");
    expect(parseRetryAfter("Tue, 31 Mar 2026 12:01:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("2026-03-31T12:00:30.000Z", now)).toBe(30_000);
    expect(parseRetryAfter("soon")).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });
});
