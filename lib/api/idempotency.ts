import { createHash } from "node:crypto";
import { Prisma, type PrismaClient } from "@/lib/db/generated/client.ts";
import { AppError } from "@/lib/errors/app-error.ts";

/** Answers are replayed for a day, as Stripe does; a later reuse of the key starts afresh. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
// A first request that has not finished by then died with its process: its key is free again.
const IN_FLIGHT_TTL_MS = 60_000;
const KEY = /^[\x21-\x7e]{1,255}$/;

export type IdempotencyClaim =
  { kind: "first" } | { kind: "replay"; status: number; body: unknown; headers: Record<string, string> };

export function requestFingerprint(method: string, path: string, body: string): string {
  return createHash("sha256").update(`${method} ${path}\n${body}`).digest("hex");
}

/**
 * Claims an Idempotency-Key for this principal: the first request runs; a repeat of the same
 * request gets the first answer; the key on a different request, or while the first still runs,
 * is refused (so two concurrent retries can never both act).
 */
export async function claimIdempotencyKey(
  prisma: PrismaClient,
  args: { principal: string; key: string; fingerprint: string },
): Promise<IdempotencyClaim> {
  if (!KEY.test(args.key))
    throw new AppError("INVALID_INPUT", "Idempotency-Key: use 1–255 visible ASCII characters (a UUID is ideal)", {
      "Idempotency-Key": ["use 1–255 visible ASCII characters"],
    });
  const where = { principal_key: { principal: args.principal, key: args.key } };
  const now = Date.now();
  await prisma.apiIdempotencyKey.deleteMany({
    where: {
      principal: args.principal,
      key: args.key,
      OR: [
        { createdAt: { lt: new Date(now - IDEMPOTENCY_TTL_MS) } },
        { status: null, createdAt: { lt: new Date(now - IN_FLIGHT_TTL_MS) } },
      ],
    },
  });
  const { count } = await prisma.apiIdempotencyKey.createMany({
    data: [{ principal: args.principal, key: args.key, fingerprint: args.fingerprint }],
    skipDuplicates: true,
  });
  if (count === 1) return { kind: "first" };
  const row = await prisma.apiIdempotencyKey.findUnique({ where });
  if (!row) return claimIdempotencyKey(prisma, args);
  if (row.fingerprint !== args.fingerprint)
    throw new AppError("CONFLICT", "This Idempotency-Key was used for a different request; use a new key.");
  if (row.status === null)
    throw new AppError("CONFLICT", "A request with this Idempotency-Key is still running; retry in a moment.");
  return { kind: "replay", status: row.status, body: row.body, headers: (row.headers ?? {}) as Record<string, string> };
}

/** Keeps the first answer for replays, with the headers of its own (a 202's Location). */
export async function settleIdempotencyKey(
  prisma: PrismaClient,
  args: { principal: string; key: string; status: number; body: unknown; headers?: Record<string, string> },
): Promise<void> {
  await prisma.apiIdempotencyKey.update({
    where: { principal_key: { principal: args.principal, key: args.key } },
    data: {
      status: args.status,
      body: args.body === undefined ? Prisma.JsonNull : (args.body as Prisma.InputJsonValue),
      headers: args.headers && Object.keys(args.headers).length > 0 ? args.headers : Prisma.JsonNull,
    },
  });
}

/** A request that failed on our side frees its key, so the client's retry runs it again. */
export async function releaseIdempotencyKey(
  prisma: PrismaClient,
  args: { principal: string; key: string },
): Promise<void> {
  await prisma.apiIdempotencyKey.deleteMany({ where: { principal: args.principal, key: args.key, status: null } });
}

/** Daily: answers older than a day are of no use. */
export async function purgeIdempotencyKeys(prisma: PrismaClient, now = new Date()): Promise<{ deleted: number }> {
  const { count } = await prisma.apiIdempotencyKey.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_TTL_MS) } },
  });
  return { deleted: count };
}
