import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { config } from "@/lib/config/index.ts";

const WINDOW_SECONDS = 60;

export type RateLimitState = { limit: number; remaining: number; resetSeconds: number; exceeded: boolean };

// One limiter per database client: counters live in the database, so every app process on it
// shares one budget per key (a per-process memory counter would multiply it by the processes).
const limiters = new WeakMap<PrismaClient, RateLimiterPrisma>();

function limiterFor(prisma: PrismaClient, points: number): RateLimiterPrisma {
  let limiter = limiters.get(prisma);
  if (!limiter || limiter.points !== points) {
    limiter = new RateLimiterPrisma({
      storeClient: prisma,
      tableName: "apiRateLimit",
      keyPrefix: "api",
      points,
      duration: WINDOW_SECONDS,
    });
    limiters.set(prisma, limiter);
  }
  return limiter;
}

/** Counts one request against the principal's budget (API_RATE_LIMIT_PER_MINUTE, per key). */
export async function consumeRateLimit(
  prisma: PrismaClient,
  principalId: string,
  limit = config().apiRateLimitPerMinute,
): Promise<RateLimitState> {
  const state = (res: RateLimiterRes, exceeded: boolean): RateLimitState => ({
    limit,
    remaining: res.remainingPoints,
    resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
    exceeded,
  });
  try {
    return state(await limiterFor(prisma, limit).consume(principalId), false);
  } catch (rejection) {
    // The library rejects with a RateLimiterRes when the budget is spent, with an Error otherwise.
    if (rejection instanceof RateLimiterRes) return state(rejection, true);
    throw rejection;
  }
}

/** The IETF draft's headers (RateLimit-Limit / -Remaining / -Reset, and the policy). */
export function rateLimitHeaders(s: RateLimitState): Record<string, string> {
  return {
    "RateLimit-Limit": String(s.limit),
    "RateLimit-Remaining": String(s.remaining),
    "RateLimit-Reset": String(s.resetSeconds),
    "RateLimit-Policy": `${s.limit};w=${WINDOW_SECONDS}`,
    ...(s.exceeded ? { "Retry-After": String(s.resetSeconds) } : {}),
  };
}
