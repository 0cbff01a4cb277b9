import { describe, expect, it } from "vitest";
import { endpointConcurrency } from "./index.ts";

describe("WEBHOOK_ENDPOINT_CONCURRENCY", () => {
  it("defaults to 5 when unset or empty", () => {
    expect(endpointConcurrency({})).toBe(5);
    expect(endpointConcurrency({ WEBHOOK_ENDPOINT_CONCURRENCY: "" })).toBe(5);
  });

  it("takes a whole number from 1 to 100", () => {
    expect(endpointConcurrency({ WEBHOOK_ENDPOINT_CONCURRENCY: "20" })).toBe(20);
    for (const bad of ["0", "101", "2.5", "many"]) {
      expect(() => endpointConcurrency({ WEBHOOK_ENDPOINT_CONCURRENCY: bad })).toThrow();
    }
  });
});
