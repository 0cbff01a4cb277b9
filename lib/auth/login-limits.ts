import { createHash } from "node:crypto";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { canonicalAddress } from "./client-address.ts";

/**
 * Sign-in throttling that slows the guesser, not the account's owner (issue 14 item 2).
 *
 * A lock on the account alone is the attacker's to pull: five wrong passwords from anywhere
 * kept the owner out. So:
 * - per address: at most `perAddress` password checks in the window (each one is an argon2
 *   verification, so this also bounds unauthenticated hashing; a success is given back);
 * - per (account, address): `perAccountAddress` failures in the window, cleared by a success;
 * - per account alone, across addresses: no lock, a delay that grows with the account's
 *   failures (`accountDelay`): once an account has `accountFreeFailures` failures in the
 *   window, one check at a time gets through per delay, and the delay doubles per failure up to
 *   `accountMaxDelaySeconds`. An address the account signed in from before (a known address,
 *   remembered `knownAddressDays`) is not delayed: the owner at home still signs in while
 *   someone guesses from a thousand other addresses.
 *
 * Counters live in the database (rate-limiter-flexible's Prisma store, table login_limits), so
 * every app process shares them. Keys are fixed-length hashes of the email plus a canonical
 * address (lib/auth/client-address.ts), and every row expires; the library deletes rows an
 * hour past expiry every 5 minutes in each process, and the daily purge does too.
 */
export type LoginPolicy = {
  windowSeconds: number;
  perAddress: number;
  perAccountAddress: number;
  accountFreeFailures: number;
  accountWindowSeconds: number;
  accountFirstDelaySeconds: number;
  accountMaxDelaySeconds: number;
  knownAddressDays: number;
  /** Setup (first run) hashes a password before any account exists: so many tries per address. */
  setupPerAddress: number;
};

export const LOGIN_POLICY: LoginPolicy = {
  windowSeconds: 15 * 60,
  perAddress: 20,
  perAccountAddress: 5,
  accountFreeFailures: 5,
  accountWindowSeconds: 24 * 3600,
  accountFirstDelaySeconds: 2,
  accountMaxDelaySeconds: 15 * 60,
  knownAddressDays: 90,
  setupPerAddress: 10,
};

/** Seconds the account waits after `failures` failures from unknown addresses (0: no wait). */
export function accountDelaySeconds(failures: number, policy: LoginPolicy = LOGIN_POLICY): number {
  if (failures < policy.accountFreeFailures) return 0;
  const steps = Math.min(30, failures - policy.accountFreeFailures);
  return Math.min(policy.accountMaxDelaySeconds, policy.accountFirstDelaySeconds * 2 ** steps);
}

const TABLE = "loginLimit";
const hashed = (text: string) => createHash("sha256").update(text).digest("base64url").slice(0, 32);

type Limiters = {
  byAddress: RateLimiterPrisma;
  byAccountAddress: RateLimiterPrisma;
  accountFailures: RateLimiterPrisma;
  accountGate: RateLimiterPrisma;
  knownAddress: RateLimiterPrisma;
  setupByAddress: RateLimiterPrisma;
};

const cache = new WeakMap<PrismaClient, Map<LoginPolicy, Limiters>>();

function limitersFor(prisma: PrismaClient, policy: LoginPolicy): Limiters {
  const perClient = cache.get(prisma) ?? new Map<LoginPolicy, Limiters>();
  cache.set(prisma, perClient);
  let limiters = perClient.get(policy);
  if (limiters) return limiters;
  // One limiter per client prunes the shared table; the others leave it to that one.
  const make = (keyPrefix: string, points: number, duration: number, prunes = false) =>
    new RateLimiterPrisma({
      storeClient: prisma,
      tableName: TABLE,
      keyPrefix,
      points,
      duration,
      clearExpiredByTimeout: prunes,
    });
  limiters = {
    byAddress: make("login-addr", policy.perAddress, policy.windowSeconds, true),
    byAccountAddress: make("login-acct-addr", policy.perAccountAddress, policy.windowSeconds),
    // A counter only: its points are never the limit; accountDelaySeconds reads them.
    accountFailures: make("login-acct", Number.MAX_SAFE_INTEGER, policy.accountWindowSeconds),
    // One check per delay: the first consume in a window passes, the others wait for it to end.
    accountGate: make("login-acct-gate", 1, policy.accountFirstDelaySeconds),
    knownAddress: make("login-known", 1, policy.knownAddressDays * 86_400),
    setupByAddress: make("setup-addr", policy.setupPerAddress, policy.windowSeconds),
  };
  perClient.set(policy, limiters);
  return limiters;
}

export type LoginCaller = { email: string; address: string | null };

/** What a refused caller is told: how long to wait. */
export type Throttled = { throttled: true; retryInSeconds: number; limit: "address" | "account-address" | "account" };
export type Admitted = { throttled: false; keys: Keys; knownAddress: boolean };

type Keys = { address: string; accountAddress: string; account: string; known: (userId: string) => string };

function keysOf({ email, address }: LoginCaller): Keys {
  const account = hashed(email.trim().toLowerCase());
  // Canonical whatever the caller passed: the key stays short and one address is one key.
  const addr = canonicalAddress(address) ?? "unknown";
  return {
    address: addr,
    accountAddress: `${account}:${addr}`,
    account,
    known: (userId) => `${userId}:${addr}`,
  };
}

const seconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** consume() rejects with a RateLimiterRes when over the limit, with an Error otherwise. */
async function tryConsume(
  limiter: RateLimiterPrisma,
  key: string,
  options?: { customDuration: number },
): Promise<RateLimiterRes | null> {
  try {
    await limiter.consume(key, 1, options);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return rejection;
    throw rejection;
  }
}

/**
 * Before a password check: may this caller have one now? Reads first (cheap, no writes), then
 * takes the address's slot atomically, so a burst of parallel requests cannot all get through.
 */
export async function admitSignIn(
  prisma: PrismaClient,
  caller: LoginCaller,
  userId: string | null,
  policy: LoginPolicy = LOGIN_POLICY,
): Promise<Throttled | Admitted> {
  const l = limitersFor(prisma, policy);
  const keys = keysOf(caller);
  const [pair, failures, known] = await Promise.all([
    l.byAccountAddress.get(keys.accountAddress),
    l.accountFailures.get(keys.account),
    userId && caller.address ? l.knownAddress.get(keys.known(userId)) : null,
  ]);
  if (pair && pair.consumedPoints >= policy.perAccountAddress) {
    return { throttled: true, retryInSeconds: seconds(pair), limit: "account-address" };
  }
  const busy = await tryConsume(l.byAddress, keys.address);
  if (busy) return { throttled: true, retryInSeconds: seconds(busy), limit: "address" };
  // The account's delay last: a caller refused above must not use up the one check it lets through.
  const knownAddress = known !== null;
  const delay = accountDelaySeconds(failures?.consumedPoints ?? 0, policy);
  if (delay > 0 && !knownAddress) {
    const waiting = await tryConsume(l.accountGate, keys.account, { customDuration: delay });
    if (waiting) {
      await l.byAddress.reward(keys.address, 1); // no password was checked
      return { throttled: true, retryInSeconds: seconds(waiting), limit: "account" };
    }
  }
  return { throttled: false, keys, knownAddress };
}

/** After a wrong password (or an unknown account): count it for the pair and the account. */
export async function recordSignInFailure(
  prisma: PrismaClient,
  admitted: Admitted,
  policy: LoginPolicy = LOGIN_POLICY,
): Promise<void> {
  const l = limitersFor(prisma, policy);
  await Promise.all([
    l.byAccountAddress.penalty(admitted.keys.accountAddress, 1),
    l.accountFailures.penalty(admitted.keys.account, 1),
  ]);
}

/**
 * After the right password: the address gets its slot back, the pair's failures are cleared,
 * and the address becomes known for this account. The account's own count stays: a success
 * does not reset the delay an attacker elsewhere has built up.
 */
export async function recordSignInSuccess(
  prisma: PrismaClient,
  admitted: Admitted,
  userId: string,
  address: string | null,
  policy: LoginPolicy = LOGIN_POLICY,
): Promise<void> {
  const l = limitersFor(prisma, policy);
  await Promise.all([
    l.byAddress.reward(admitted.keys.address, 1),
    l.byAccountAddress.delete(admitted.keys.accountAddress),
    address ? l.knownAddress.set(admitted.keys.known(userId), 1, policy.knownAddressDays * 86_400) : null,
  ]);
}

/** First-run setup hashes a password for anyone who asks: so many tries per address per window. */
export async function admitSetup(
  prisma: PrismaClient,
  address: string | null,
  policy: LoginPolicy = LOGIN_POLICY,
): Promise<Throttled | null> {
  const busy = await tryConsume(limitersFor(prisma, policy).setupByAddress, canonicalAddress(address) ?? "unknown");
  return busy ? { throttled: true, retryInSeconds: seconds(busy), limit: "address" } : null;
}

/** Deletes counters that expired over an hour ago (the daily purge; the library does it every 5 minutes too). */
export async function pruneLoginLimits(prisma: PrismaClient, now = new Date()): Promise<{ deleted: number }> {
  const { count } = await prisma.loginLimit.deleteMany({
    where: { expire: { lt: new Date(now.getTime() - 3_600_000) } },
  });
  return { deleted: count };
}
