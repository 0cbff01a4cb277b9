import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./safe-callback.ts";

describe("safeCallbackPath", () => {
  it.each([
    ["/settings/webhooks/wh_1?tab=logs", "/settings/webhooks/wh_1?tab=logs"],
    [undefined, "/"],
    ["https://evil.example/", "/"],
    ["//evil.example/path", "/"],
    ["/\\evil.example", "/"],
    ["/login?callbackUrl=/x", "/"],
    ["javascript:alert(1)", "/"],
  ])("%s → %s", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });
});
