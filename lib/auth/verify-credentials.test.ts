import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember } from "@/lib/agencies/create-agency.ts";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-database.ts";
import { LOGIN_LIMITS } from "./login-rate-limit.ts";
import { verifyCredentials } from "./verify-credentials.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  const agency = await db.prisma.agency.create({ data: { id: "agy_1", name: "Acme", slug: "acme" } });
  await addMember(db.prisma, {
    agencyId: agency.id,
    email: "ada@acme.test",
    name: "Ada",
    password: "correct-horse-1",
    role: "admin",
  });
  await addMember(db.prisma, {
    agencyId: agency.id,
    email: "bob@acme.test",
    name: "Bob",
    password: "correct-horse-2",
    role: "member",
  });
});
afterAll(() => db?.drop());

describe("verifyCredentials", () => {
  it("accepts the right password, case-insensitively on the email, and never stores it in plain text", async () => {
    const r = await verifyCredentials(db.prisma, { email: " ADA@acme.test ", password: "correct-horse-1" }, "10.0.0.1");
    expect(r).toEqual({ ok: true, user: expect.objectContaining({ email: "ada@acme.test", name: "Ada" }) });
    const stored = await db.prisma.user.findUniqueOrThrow({ where: { email: "ada@acme.test" } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain("correct-horse-1");
  });

  it("refuses a wrong password and an unknown account the same way", async () => {
    expect(await verifyCredentials(db.prisma, { email: "ada@acme.test", password: "wrong" }, "10.0.0.2")).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await verifyCredentials(db.prisma, { email: "nobody@acme.test", password: "wrong" }, "10.0.0.2")).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await verifyCredentials(db.prisma, { email: "not an email", password: "" }, "10.0.0.2")).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("slows guessing: after the limit even the right password waits", async () => {
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
      await verifyCredentials(db.prisma, { email: "bob@acme.test", password: `guess-${i}` }, `10.1.0.${i}`);
    }
    const r = await verifyCredentials(db.prisma, { email: "bob@acme.test", password: "correct-horse-2" }, "10.9.9.9");
    expect(r).toMatchObject({ ok: false, reason: "rate_limited" });
    expect((r as { retryInMinutes: number }).retryInMinutes).toBeGreaterThan(0);
    // Another account is not affected by Bob's lock-out.
    expect(
      (await verifyCredentials(db.prisma, { email: "ada@acme.test", password: "correct-horse-1" }, "10.9.9.9")).ok,
    ).toBe(true);
  });

  it("limits one address guessing across many accounts", async () => {
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) {
      await verifyCredentials(db.prisma, { email: `spray-${i}@acme.test`, password: "x" }, "192.0.2.66");
    }
    expect(
      await verifyCredentials(db.prisma, { email: "ada@acme.test", password: "correct-horse-1" }, "192.0.2.66"),
    ).toMatchObject({ reason: "rate_limited" });
  });
});
