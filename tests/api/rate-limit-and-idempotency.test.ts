import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimIdempotencyKey, purgeIdempotencyKeys, settleIdempotencyKey } from "@/lib/api/idempotency.ts";
import { consumeRateLimit, rateLimitHeaders } from "@/lib/api/rate-limit.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

const code = async (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );

describe("rate limit per key", () => {
  it("counts in the database, answers RateLimit-* headers, and refuses past the limit with Retry-After", async () => {
    const states = [];
    for (let i = 0; i < 4; i++) states.push(await consumeRateLimit(db.prisma, "key:a", 3));
    expect(states.map((s) => [s.remaining, s.exceeded])).toEqual([
      [2, false],
      [1, false],
      [0, false],
      [0, true],
    ]);
    const headers = rateLimitHeaders(states[3]);
    expect(headers).toMatchObject({ "RateLimit-Limit": "3", "RateLimit-Remaining": "0", "RateLimit-Policy": "3;w=60" });
    expect(Number(headers["Retry-After"])).toBeGreaterThan(0);
    expect(Number(headers["RateLimit-Reset"])).toBeLessThanOrEqual(60);
    // Another key has its own budget.
    expect((await consumeRateLimit(db.prisma, "key:b", 3)).exceeded).toBe(false);
    expect(await db.prisma.apiRateLimit.count()).toBe(2);
  });
});

describe("Idempotency-Key", () => {
  it("first runs, a repeat replays, another request or a running one is refused, a bad key is invalid", async () => {
    const args = { principal: "key:a", key: "k-1", fingerprint: "f1" };
    expect(await claimIdempotencyKey(db.prisma, args)).toEqual({ kind: "first" });
    expect(await code(claimIdempotencyKey(db.prisma, args))).toBe("CONFLICT");
    await settleIdempotencyKey(db.prisma, { principal: "key:a", key: "k-1", status: 201, body: { id: "evt_1" } });
    expect(await claimIdempotencyKey(db.prisma, args)).toEqual({
      kind: "replay",
      status: 201,
      body: { id: "evt_1" },
      headers: {},
    });
    // An answer's own headers (a 202's Location) come back with it.
    const job = { principal: "key:a", key: "k-2", fingerprint: "f3" };
    await claimIdempotencyKey(db.prisma, job);
    const location = { Location: "/api/v1/retry-jobs/rjb_1" };
    await settleIdempotencyKey(db.prisma, { ...job, status: 202, body: { id: "rjb_1" }, headers: location });
    expect(await claimIdempotencyKey(db.prisma, job)).toMatchObject({ kind: "replay", status: 202, headers: location });
    expect(await code(claimIdempotencyKey(db.prisma, { ...args, fingerprint: "f2" }))).toBe("CONFLICT");
    // Keys are per principal: another key's k-1 is its own.
    expect(await claimIdempotencyKey(db.prisma, { ...args, principal: "key:b" })).toEqual({ kind: "first" });
    expect(await code(claimIdempotencyKey(db.prisma, { ...args, key: "" }))).toBe("INVALID_INPUT");
    expect(await code(claimIdempotencyKey(db.prisma, { ...args, key: "x".repeat(256) }))).toBe("INVALID_INPUT");
  });

  it("answers expire after a day and are purged", async () => {
    await db.prisma.apiIdempotencyKey.create({
      data: {
        principal: "key:c",
        key: "old",
        fingerprint: "f",
        status: 200,
        body: {},
        createdAt: new Date(Date.now() - 2 * 86_400_000),
      },
    });
    expect(await claimIdempotencyKey(db.prisma, { principal: "key:c", key: "old", fingerprint: "new" })).toEqual({
      kind: "first",
    });
    await db.prisma.apiIdempotencyKey.update({
      where: { principal_key: { principal: "key:c", key: "old" } },
      data: { createdAt: new Date(Date.now() - 2 * 86_400_000) },
    });
    expect((await purgeIdempotencyKeys(db.prisma)).deleted).toBe(1);
  });
});
