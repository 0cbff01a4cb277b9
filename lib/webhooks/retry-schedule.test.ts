import { describe, expect, it } from "vitest";
import {
  decideAfterManualAttempt,
  decideNextStep,
  jitteredDelay,
  maxAttempts,
  retryPolicyFromConfig,
  type RetryPolicy,
} from "./retry-schedule.ts";

const policy: RetryPolicy = { schedule: [5_000, 300_000], jitter: 0.2, maxRetryAfterMs: 3_600_000 };
const fail = (statusCode: number | null, retryAfter?: string) => ({ ok: false, statusCode, retryAfter });

describe("retry schedule", () => {
  it("defaults to the documented 8 attempts: 5s, 5m, 30m, 2h, 5h, 10h, 10h", () => {
    const p = retryPolicyFromConfig();
    expect(p.schedule).toEqual([5e3, 3e5, 18e5, 72e5, 18e6, 36e6, 36e6]);
    expect(maxAttempts(p)).toBe(8);
    expect(p.jitter).toBe(0.2);
  });

  it("applies ±jitter around each wait", () => {
    expect(jitteredDelay(1000, 0.2, () => 0)).toBe(800);
    expect(jitteredDelay(1000, 0.2, () => 1)).toBe(1200);
    expect(jitteredDelay(1000, 0.2, () => 0.5)).toBe(1000);
    for (let i = 0; i < 100; i++) {
      const d = jitteredDelay(300_000, 0.2);
      expect(d).toBeGreaterThanOrEqual(240_000);
      expect(d).toBeLessThanOrEqual(360_000);
    }
  });

  it("retries failures by the schedule, then gives up", () => {
    expect(decideNextStep({ autoAttempt: 1, outcome: fail(500), policy, random: () => 0.5 })).toEqual({
      action: "retry",
      delayMs: 5_000,
    });
    expect(decideNextStep({ autoAttempt: 2, outcome: fail(null), policy, random: () => 0.5 })).toEqual({
      action: "retry",
      delayMs: 300_000,
    });
    expect(decideNextStep({ autoAttempt: 3, outcome: fail(500), policy })).toEqual({ action: "give_up" });
    expect(decideNextStep({ autoAttempt: 1, outcome: { ok: true, statusCode: 204 }, policy })).toEqual({
      action: "done",
    });
  });

  it("stops and disables the endpoint on 410 Gone", () => {
    expect(decideNextStep({ autoAttempt: 1, outcome: fail(410), policy })).toMatchObject({
      action: "disable_endpoint",
    });
    expect(decideAfterManualAttempt(fail(410))).toMatchObject({ action: "disable_endpoint" });
    expect(decideAfterManualAttempt(fail(500))).toEqual({ action: "give_up" });
  });

  it("honours Retry-After on 429/503, bounded below by the schedule and above by maxRetryAfterMs", () => {
    const at = (statusCode: number, retryAfter: string) =>
      decideNextStep({ autoAttempt: 1, outcome: fail(statusCode, retryAfter), policy, random: () => 0.5, now: 0 });
    expect(at(429, "120")).toEqual({ action: "retry", delayMs: 120_000 });
    expect(at(503, "1")).toEqual({ action: "retry", delayMs: 5_000 });
    expect(at(503, "86400")).toEqual({ action: "retry", delayMs: 3_600_000 });
    expect(at(500, "120")).toEqual({ action: "retry", delayMs: 5_000 });
  });
});
