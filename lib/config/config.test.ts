import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { configFrom } from "./index.ts";
import { createLocalSecrets } from "./local-secrets.ts";

const dir = mkdtempSync(path.join(tmpdir(), "aos-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("configuration", () => {
  it("takes defaults for unset or empty variables", () => {
    const c = configFrom({ DATA_DIR: dir, WEBHOOK_ENDPOINT_CONCURRENCY: "", DATABASE_URL: "" });
    expect(c).toMatchObject({
      endpointConcurrency: 5,
      databaseUrl: undefined,
      databasePoolSize: 10,
      trustedProxyHops: 0,
    });
    expect(configFrom({ WEBHOOK_ENDPOINT_CONCURRENCY: "20" }).endpointConcurrency).toBe(20);
  });

  it("refuses a bad value by naming the variable", () => {
    for (const bad of ["0", "101", "2.5", "many"])
      expect(() => configFrom({ WEBHOOK_ENDPOINT_CONCURRENCY: bad })).toThrow(/WEBHOOK_ENDPOINT_CONCURRENCY/);
    expect(() => configFrom({ TRUSTED_PROXY_HOPS: "-1" })).toThrow(/TRUSTED_PROXY_HOPS/);
  });

  it("reading never creates a secret; start-up creates each once", () => {
    const fresh = path.join(dir, "fresh");
    const c = configFrom({ DATA_DIR: fresh });
    expect(() => c.authSecret).toThrow(/auth-secret does not exist: set AUTH_SECRET/);
    expect(existsSync(fresh)).toBe(false);

    createLocalSecrets(fresh, { AUTH_SECRET: "from-the-environment" });
    expect(readdirSync(fresh).sort()).toEqual([
      "api-key-hash-key",
      "encryption-key",
      "inngest-signing-key",
      "operator-token",
    ]);
    const key = c.encryptionKey;
    expect(Buffer.from(key, "base64")).toHaveLength(32);
    createLocalSecrets(fresh, {});
    expect(configFrom({ DATA_DIR: fresh }).encryptionKey).toBe(key);
    expect(configFrom({ DATA_DIR: fresh, AUTH_SECRET: "set" }).authSecret).toBe("set");
  });
});
