import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, generateSecret, isValidSecret, standardWebhooksKey } from "./webhook-secret.ts";

const KEY = randomBytes(32).toString("base64");

describe("webhook secrets", () => {
  it("look like whsec_ + base64 of 32 random bytes", () => {
    const a = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(standardWebhooksKey(a)).toHaveLength(32);
    expect(generateSecret()).not.toBe(a);
    expect(isValidSecret(a)).toBe(true);
    expect(isValidSecret("hunter2")).toBe(false);
  });

  it("round-trip through AES-256-GCM with a versioned format and a fresh IV each time", () => {
    const secret = generateSecret();
    const one = encryptSecret(secret, KEY);
    const two = encryptSecret(secret, KEY);
    expect(one).toMatch(/^v1:[^:]+:[^:]+:[^:]+$/);
    expect(one).not.toContain(secret.slice(6));
    expect(one).not.toBe(two);
    expect(decryptSecret(one, KEY)).toBe(secret);
  });

  it("refuse a tampered ciphertext or the wrong key", () => {
    const stored = encryptSecret(generateSecret(), KEY);
    const [v, iv, tag, data] = stored.split(":");
    const flipped = Buffer.from(data, "base64");
    flipped[0] ^= 1;
    expect(() => decryptSecret([v, iv, tag, flipped.toString("base64")].join(":"), KEY)).toThrow();
    expect(() => decryptSecret(stored, randomBytes(32).toString("base64"))).toThrow();
    expect(() => decryptSecret("plain", KEY)).toThrow(/unknown format/);
  });
});
