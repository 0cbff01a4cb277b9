import { describe, expect, it } from "vitest";
import { EVENT_TYPES } from "./event-catalog.ts";
import { fieldErrorsOf } from "@/lib/errors/app-error.ts";
import { CreateWebhookSchema, UpdateWebhookSchema } from "./webhook-input.ts";

const valid = { name: "CRM", url: "https://hooks.example.com/in", events: ["invoice.paid"], headers: {} };

function errorsFor(input: Record<string, unknown>) {
  const parsed = CreateWebhookSchema.safeParse({ ...valid, ...input });
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
}

// Values that used to save and then could never be delivered or shown right (issue 14 items 6, 7).
describe("the Add/Edit Webhook schema refuses what could never be delivered or stored", () => {
  it("accepts an ordinary webhook", () => {
    expect(errorsFor({ headers: { Authorization: "Bearer abc", "X-Note": "café \t ok" } })).toEqual({});
  });

  it.each([
    ["a NUL", "Hook\u0000"],
    ["a lone surrogate", "Hook \ud800"],
    ["a control character", "Hook\u0007"],
    ["a line break", "Hook\nname"],
  ])("refuses a name with %s", (_what, name) => {
    expect(errorsFor({ name }).name?.[0]).toMatch(/name/i);
  });

  it.each([
    ["a NUL", "Bearer \u0000x", /control characters/],
    ["a bell", "x\u0007", /control characters/],
    ["a DEL", "x\u007f", /control characters/],
    ["a line break", "a\r\nInjected: 1", /control characters|line breaks/],
    ["a character outside Latin-1", "token ✓", /Latin-1/],
    ["an emoji", "🔑", /Latin-1/],
    ["a lone surrogate", "x\udc00", /Latin-1/],
  ])("refuses a header value with %s, naming the header", (_what, value, message) => {
    const errors = errorsFor({ headers: { "X-Api-Key": value } });
    expect(errors.headers?.join(" ")).toMatch(message);
    expect(errors.headers?.join(" ")).toContain("X-Api-Key");
  });

  it("refuses an over-long header name", () => {
    expect(errorsFor({ headers: { ["X-" + "a".repeat(300)]: "v" } }).headers?.[0]).toMatch(/name/);
  });

  it.each([
    ["user and password", "https://user:pw@hooks.example.com/in", /user name and password/],
    ["a user only", "https://user@hooks.example.com/in", /user name and password/],
    ["a raw tab", "https://hooks.example.com/\tin", /control characters/],
    ["a raw line feed", "https://hooks.exa\nmple.com/in", /control characters/],
    ["a raw carriage return", "https://hooks.example.com/i\rn", /control characters/],
    ["a NUL", "https://hooks.example.com/in\u0000", /control characters/],
  ])("refuses a URL with %s", (_what, url, message) => {
    expect(errorsFor({ url }).url?.join(" ")).toMatch(message);
  });

  it("refuses duplicate and unbounded event lists", () => {
    expect(errorsFor({ events: ["invoice.paid", "invoice.paid"] }).events?.[0]).toMatch(/invoice\.paid.*twice/);
    expect(errorsFor({ events: Array(10_000).fill("invoice.paid") }).events?.[0]).toMatch(/at most|twice/);
    expect(errorsFor({ events: [...EVENT_TYPES] })).toEqual({});
  });

  it("applies the same rules on edit", () => {
    const parsed = UpdateWebhookSchema.safeParse({ url: "https://a:b@hooks.example.com/", name: "x\u0000" });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(Object.keys(fieldErrorsOf(parsed.error)).sort()).toEqual(["name", "url"]);
  });

  it("refuses an all-zero pasted secret", () => {
    expect(errorsFor({ secret: `whsec_${Buffer.alloc(32).toString("base64")}` }).secret?.[0]).toMatch(/zero/);
    expect(errorsFor({ secret: `whsec_${Buffer.alloc(32, 7).toString("base64")}` }).secret?.[0]).toBeTruthy();
    expect(
      errorsFor({ secret: `whsec_${Buffer.from("0123456789abcdefghijklmnopqrstuv").toString("base64")}` }),
    ).toEqual({});
  });
});
