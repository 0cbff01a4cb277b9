import { describe, expect, it } from "vitest";
import { MAX_RETRY_SCHEDULE_LENGTH } from "./env-schema.ts";
import { configFrom } from "./index.ts";

describe("WEBHOOK_RETRY_SCHEDULE", () => {
  it("takes up to 100 waits (each retry is a step and a sleep of an Inngest run, which allows 1,000 steps)", () => {
    const schedule = (n: number) => ({ WEBHOOK_RETRY_SCHEDULE: Array(n).fill("1s").join(",") });
    expect(configFrom(schedule(MAX_RETRY_SCHEDULE_LENGTH)).retrySchedule).toHaveLength(100);
    expect(() => configFrom(schedule(MAX_RETRY_SCHEDULE_LENGTH + 1))).toThrow(
      "WEBHOOK_RETRY_SCHEDULE takes at most 100 waits",
    );
  });

  it("reads 0s as an immediate retry", () => {
    expect(configFrom({ WEBHOOK_RETRY_SCHEDULE: "0s,1s" }).retrySchedule).toEqual([0, 1000]);
  });
});
