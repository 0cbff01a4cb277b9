import { describe, expect, it } from "vitest";
import { parseDuration, parseSchedule } from "./parse-duration.ts";

describe("durations", () => {
  it("reads the documented default schedule: 7 waits, 8 attempts, about 27.5 hours", () => {
    const waits = parseSchedule("5s,5m,30m,2h,5h,10h,10h");
    expect(waits).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(waits.reduce((a, b) => a + b, 0) / 3_600_000).toBeCloseTo(27.59, 1);
  });

  it("reads fractions and milliseconds, and refuses nonsense with a clear message", () => {
    expect(parseDuration("0.5s")).toBe(500);
    expect(parseDuration("250ms")).toBe(250);
    expect(() => parseDuration("soon")).toThrow('Not a duration: "soon"');
  });
});
