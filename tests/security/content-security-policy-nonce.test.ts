// The root layout hands the theme's inline script the nonce of the policy proxy.ts put on the
// request: nonceOf must read back exactly what pageContentSecurityPolicy wrote.
import { describe, expect, it } from "vitest";
import { newNonce, nonceOf, pageContentSecurityPolicy } from "@/lib/http/content-security-policy.ts";

describe("nonceOf", () => {
  it("reads the nonce back from the page policy, in production and development", () => {
    for (const dev of [false, true]) {
      const nonce = newNonce();
      expect(nonceOf(pageContentSecurityPolicy({ nonce, dev, https: true }))).toBe(nonce);
    }
  });

  it("is undefined without a policy or a nonce in it (the layout then renders the script without one)", () => {
    expect(nonceOf(null)).toBeUndefined();
    expect(nonceOf(undefined)).toBeUndefined();
    expect(nonceOf("default-src 'none'; frame-ancestors 'none'")).toBeUndefined();
  });
});
