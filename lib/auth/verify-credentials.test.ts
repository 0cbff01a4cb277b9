import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember } from "@/lib/agencies/create-agency.ts";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-database.ts";
import { verifyCredentials } from "./verify-credentials.ts";

// Sign-in under the limits of lib/auth/login-limits.ts (issue 14 item 2): the guesser slows
// himself, not the account's owner.

let db: TestDatabase;
const PASSWORDS: Record<string, string> = {};
beforeAll(async () => {
  db = await createTestDatabase();
  const agency = await db.prisma.agency.create({ data: { id: "agy_1", name: "Acme", slug: "acme" } });
  for (const name of ["ada", "bob", "cyd", "dee", "eve", "fay"]) {
    PASSWORDS[name] = `correct-horse-${name}`;
    await addMember(db.prisma, {
      agencyId: agency.id,
      email: `${name}@acme.test`,
      name,
      password: PASSWORDS[name],
      role: "admin",
    });
  }
});
afterAll(() => db?.drop());

const tryAs = (name: string, address: string, password = PASSWORDS[name]) =>
  verifyCredentials(db.prisma, { email: `${name}@acme.test`, password }, address);

describe("verifyCredentials", () => {
  it("accepts the right password, case-insensitively on the email, and never stores it in plain text", async () => {
    const r = await verifyCredentials(db.prisma, { email: " ADA@acme.test ", password: PASSWORDS.ada }, "10.0.0.1");
    expect(r).toEqual({ ok: true, user: expect.objectContaining({ email: "ada@acme.test", name: "ada" }) });
    const stored = await db.prisma.user.findUniqueOrThrow({ where: { email: "ada@acme.test" } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain(PASSWORDS.ada);
  });

  it("refuses a wrong password and an unknown account the same way", async () => {
    expect(await tryAs("ada", "10.0.0.2", "wrong")).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials(db.prisma, { email: "nobody@acme.test", password: "wrong" }, "10.0.0.2")).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await verifyCredentials(db.prisma, { email: "not an email", password: "" }, "10.0.0.2")).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("an attacker guessing from many addresses does not lock the owner out of a known address", async () => {
    expect((await tryAs("bob", "198.51.100.10")).ok).toBe(true); // Bob's usual address
    const outcomes: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await tryAs("bob", `203.0.113.${i}`, `guess-${i}`);
      outcomes.push(r.ok ? "ok" : r.reason);
    }
    expect(outcomes.slice(0, 5)).toEqual(Array(5).fill("invalid"));
    // Past the free failures the account's own delay holds the guesser back (one check per delay)...
    expect(outcomes.slice(5).filter((o) => o === "rate_limited").length).toBeGreaterThanOrEqual(20);
    // ...and Bob, from his known address, signs in at once (the code on main locked him out here).
    expect(await tryAs("bob", "198.51.100.10")).toMatchObject({ ok: true });
  });

  it("the account alone gets a delay that ends, not a lock: the right password from a new address waits, then works", async () => {
    for (let i = 0; i < 5; i++)
      expect(await tryAs("cyd", `203.0.114.${i}`, `guess-${i}`)).toMatchObject({ reason: "invalid" });
    const first = await tryAs("cyd", "203.0.114.50", "guess-50"); // the one check this delay lets through
    expect(first).toMatchObject({ reason: "invalid" });
    const waiting = await tryAs("cyd", "192.0.2.77");
    expect(waiting).toMatchObject({ ok: false, reason: "rate_limited" });
    const wait = (waiting as { retryInSeconds: number }).retryInSeconds;
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(4);
    await new Promise((r) => setTimeout(r, wait * 1000 + 100));
    expect(await tryAs("cyd", "192.0.2.77")).toMatchObject({ ok: true });
  });

  it("throttles the guesser's own (account, address) pair, not the account from elsewhere", async () => {
    expect((await tryAs("dee", "198.51.100.20")).ok).toBe(true);
    for (let i = 0; i < 5; i++) await tryAs("dee", "192.0.2.66", `guess-${i}`);
    expect(await tryAs("dee", "192.0.2.66")).toMatchObject({ reason: "rate_limited" });
    expect(await tryAs("dee", "198.51.100.20")).toMatchObject({ ok: true });
    // The guesser's address may still sign in to another account (the per-address budget is not spent).
    expect(await tryAs("eve", "192.0.2.66")).toMatchObject({ ok: true });
  });

  it("limits one address guessing across many accounts, and no other address", async () => {
    for (let i = 0; i < 20; i++) {
      await verifyCredentials(db.prisma, { email: `spray-${i}@acme.test`, password: "x" }, "192.0.2.99");
    }
    expect(await tryAs("fay", "192.0.2.99")).toMatchObject({ reason: "rate_limited" });
    expect(await tryAs("fay", "192.0.2.100")).toMatchObject({ ok: true });
  });

  it("a burst of parallel guesses from one address gets at most the address's 20 password checks", async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        verifyCredentials(db.prisma, { email: `burst-${i}@acme.test`, password: "x" }, "192.0.2.123"),
      ),
    );
    expect(results.filter((r) => !r.ok && r.reason === "invalid").length).toBeLessThanOrEqual(20);
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited").length).toBeGreaterThanOrEqual(20);
  });
});
