// Issue 14 item 8: setup hashed the password (argon2id, 19 MiB) before checking whether setup
// was done, for anyone, with no limit. Now a set-up app refuses before hashing, and before
// setup each address gets a bounded number of tries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFirstAgency } from "@/lib/agencies/create-agency.ts";
import { admitSetup, LOGIN_POLICY } from "@/lib/auth/login-limits.ts";
import { hashPassword } from "@/lib/auth/passwords.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

const input = (i: number) => ({
  agencyName: `Agency ${i}`,
  name: "Owner",
  email: `owner-${i}@example.test`,
  password: "a-long-password-1",
});

describe("first-run setup", () => {
  it("once set up, refuses without hashing: 20 refusals cost less than a few hashes", async () => {
    await createFirstAgency(db.prisma, input(0));
    await hashPassword("warm-up-password");
    let start = performance.now();
    for (let i = 0; i < 3; i++) await hashPassword(`some-password-${i}`);
    const oneHash = (performance.now() - start) / 3;

    start = performance.now();
    for (let i = 1; i <= 20; i++) {
      await expect(createFirstAgency(db.prisma, input(i))).rejects.toThrow(
        expect.objectContaining({ code: "CONFLICT", message: "This app is already set up. Sign in instead." }),
      );
    }
    const refusals = performance.now() - start;
    // Hashing first (the code on main) costs 20 hashes here; checking first costs queries only.
    expect(refusals).toBeLessThan(oneHash * 5);
    expect(await db.prisma.user.count()).toBe(1);
  });

  it("before setup, each address gets so many tries per window, and other addresses are unaffected", async () => {
    const results = await Promise.all(
      Array.from({ length: LOGIN_POLICY.setupPerAddress + 5 }, () => admitSetup(db.prisma, "203.0.113.40")),
    );
    expect(results.filter((r) => r === null)).toHaveLength(LOGIN_POLICY.setupPerAddress);
    const refused = results.find((r) => r !== null);
    expect(refused).toMatchObject({ throttled: true, limit: "address" });
    expect(refused!.retryInSeconds).toBeGreaterThan(0);
    expect(await admitSetup(db.prisma, "203.0.113.41")).toBeNull();
  });
});
