import { describe, expect, it } from "vitest";
import { parseLogQuery } from "./log-query.ts";

const parse = (qs: string) => parseLogQuery(new URLSearchParams(qs));

describe("parseLogQuery", () => {
  it("reads the log's filters with their defaults", () => {
    expect(parse("status=failed&eventType=invoice.paid&eventId=evt_1")).toEqual({
      status: "failed",
      eventType: "invoice.paid",
      eventId: "evt_1",
      cursor: undefined,
      limit: 20,
    });
    expect(parse("eventId=&cursor=")).toMatchObject({ eventId: undefined, cursor: undefined });
  });

  it.each([
    ["status=exploded", "status: use one of"],
    ["eventType=invoice.exploded", "eventType: not a known event type"],
    ["limit=-5", "limit: a whole number from 1 to 100"],
    ["limit=abc", "limit: a whole number from 1 to 100"],
    ["limit=1000", "limit: a whole number from 1 to 100"],
    [`eventId=${"e".repeat(200)}`, "eventId: at most 100 characters"],
    [`cursor=${"x".repeat(600)}`, "cursor: not a valid page cursor"],
  ])("refuses %s with a message instead of dropping the filter", (qs, message) => {
    expect(() => parse(qs)).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT", message: expect.stringContaining(message) }),
    );
  });

  it("refuses unknown query parameters with a 400 that names each of them (issue 14 item 6)", () => {
    expect(() => parse("status=failed&statsu=failed&page=2")).toThrow(
      expect.objectContaining({
        code: "INVALID_INPUT",
        message: expect.stringContaining("Unknown query parameters: statsu, page"),
        fieldErrors: { statsu: ["Unknown query parameter: statsu"], page: ["Unknown query parameter: page"] },
      }),
    );
  });
});
