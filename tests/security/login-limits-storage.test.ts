// Issue 14 item 9: login_attempts grew for ever (one row per failure, address rows never
// deleted, keys holding whatever the caller typed, of any length). The limits now keep short
// counters that expire: keys are hashes and canonical addresses, and expired rows are pruned.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneLoginLimits } from "@/lib/auth/login-limits.ts";
import { verifyCredentials } from "@/lib/auth/verify-credentials.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

describe("sign-in counters", () => {
  it("keep short keys that hold neither the typed email nor the caller's text", async () => {
    const longEmail = `${"a".repeat(60)}@${"b".repeat(60)}.${"c".repeat(60)}.test`;
    for (const address of ["203.0.113.5", "2001:db8:aa:bb:1:2:3:4", null]) {
      await verifyCredentials(db.prisma, { email: longEmail, password: "wrong-password" }, address);
    }
    const rows = await db.prisma.loginLimit.findMany();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.key.length).toBeLessThanOrEqual(100);
      expect(row.key).not.toContain("aaaa");
      expect(row.expire).not.toBeNull();
    }
    // An IPv6 caller counts by its /64, in canonical form.
    expect(rows.some((r) => r.key.endsWith(":2001:db8:aa:bb::/64"))).toBe(true);
    // The table refuses an over-long key even if a bug let one through.
    await expect(
      db.prisma.loginLimit.create({ data: { key: "x".repeat(201), points: 1, expire: new Date() } }),
    ).rejects.toThrow();
  });

  it("are pruned once expired (the daily purge; the library also does it every 5 minutes)", async () => {
    const now = Date.now();
    await db.prisma.loginLimit.createMany({
      data: [
        { key: "login-addr:old", points: 3, expire: new Date(now - 2 * 3_600_000) },
        { key: "login-addr:just-expired", points: 3, expire: new Date(now - 60_000) },
        { key: "login-addr:live", points: 3, expire: new Date(now + 60_000) },
      ],
    });
    expect((await pruneLoginLimits(db.prisma)).deleted).toBe(1);
    const keys = (await db.prisma.loginLimit.findMany({ where: { key: { startsWith: "login-addr:" } } })).map(
      (r) => r.key,
    );
    expect(keys).toContain("login-addr:live");
    expect(keys).toContain("login-addr:just-expired");
    expect(keys).not.toContain("login-addr:old");
  });
});
