import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./safe-callback.ts";

describe("safeCallbackPath", () => {
  it.each([
    ["/settings/webhooks/wh_1?tab=logs", "/settings/webhooks/wh_1?tab=logs"],
    ["/settings/webhooks#logs", "/settings/webhooks#logs"],
    [undefined, "/"],
    ["", "/"],
    ["https://evil.example/", "/"],
    ["//evil.example/path", "/"],
    ["/\\evil.example", "/"],
    ["/login?callbackUrl=/x", "/"],
    ["/setup", "/"],
    ["javascript:alert(1)", "/"],
  ])("%s → %s", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });

  // Browsers drop tab, CR and LF from URLs, so "/\t/host" is read as "//host" (another origin),
  // and a raw CR or LF in a Location header makes the response itself fail.
  it.each([
    "/\t/evil.example:8080/x",
    "/\n/evil.example/x",
    "/\r/evil.example/x",
    "\t//evil.example/x",
    "/ /evil.example",
    "/\\\\evil.example",
    "/\u0000/evil.example",
    "/\u2028x",
    "/settings\r\nSet-Cookie: x=1",
    "/./\t/evil.example",
  ])("refuses %j", (input) => {
    expect(safeCallbackPath(input)).toBe("/");
  });

  it("keeps the path, query and hash of a same-origin path, encoded", () => {
    expect(safeCallbackPath('/settings/webhooks/wh_1/../wh_2?q="x"')).toBe("/settings/webhooks/wh_2?q=%22x%22");
    expect(safeCallbackPath("/caf\u00e9")).toBe("/caf%C3%A9");
    // Already encoded: stays a path on this origin (browsers do not decode %09 in a path).
    expect(safeCallbackPath("/%09/evil.example/x")).toBe("/%09/evil.example/x");
  });
});
