import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { SESSION_MAX_AGE_SECONDS } from "./session-lifetime.ts";

// Issue 14 item 5. The Auth.js cookie is a JWT: well signed until it expires, so on its own
// nothing on the server can end it. Each sign-in therefore also gets a row in user_sessions,
// keyed by the SHA-256 of a random session ID that rides inside the JWT; every request looks
// the row up by that key (one primary-key lookup). Deleting the row ends the session at once,
// even for a copy of the cookie. A database dump holds only hashes, never a usable ID.

/** lastSeenAt is written at most this often per session, so a busy session does not write on every request. */
export const LAST_SEEN_EVERY_MS = 60_000;

export function hashSessionId(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("hex");
}

/** A new session for a user who just signed in; the returned ID goes into the JWT, only its hash into the database. */
export async function startUserSession(
  prisma: PrismaClient,
  userId: string,
  now = new Date(),
): Promise<{ sessionId: string; expiresAt: Date }> {
  const sessionId = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
  // The user's own expired rows go here too, so one user's rows stay bounded between daily purges.
  await prisma.$transaction([
    prisma.userSession.deleteMany({ where: { userId, expiresAt: { lt: now } } }),
    prisma.userSession.create({
      data: { id: hashSessionId(sessionId), userId, createdAt: now, lastSeenAt: now, expiresAt },
    }),
  ]);
  return { sessionId, expiresAt };
}

/**
 * Whether the session carried by a cookie is still live for this user: its row exists, names
 * the same user and has not expired. Refreshes lastSeenAt at most once a minute.
 */
export async function isUserSessionLive(
  prisma: PrismaClient,
  args: { sessionId: string; userId: string },
  now = new Date(),
): Promise<boolean> {
  const id = hashSessionId(args.sessionId);
  const row = await prisma.userSession.findUnique({
    where: { id },
    select: { userId: true, expiresAt: true, lastSeenAt: true },
  });
  if (!row || row.userId !== args.userId || row.expiresAt <= now) return false;
  if (now.getTime() - row.lastSeenAt.getTime() >= LAST_SEEN_EVERY_MS) {
    // updateMany: a row deleted meanwhile (sign-out in another tab) is simply not updated.
    await prisma.userSession.updateMany({ where: { id }, data: { lastSeenAt: now } });
  }
  return true;
}

/** Sign-out: this one session ends. */
export async function endUserSession(prisma: PrismaClient, sessionId: string): Promise<void> {
  await prisma.userSession.deleteMany({ where: { id: hashSessionId(sessionId) } });
}

/** "Sign out everywhere", or after a password change every session but the one that changed it. */
export async function endSessionsOfUser(
  prisma: Pick<PrismaClient, "userSession">,
  userId: string,
  options: { except?: string | null } = {},
): Promise<{ ended: number }> {
  const keep = options.except ? hashSessionId(options.except) : undefined;
  const { count } = await prisma.userSession.deleteMany({
    where: { userId, ...(keep ? { id: { not: keep } } : {}) },
  });
  return { ended: count };
}

/** Deletes expired sessions (the daily purge; each sign-in also removes its user's expired rows). */
export async function pruneUserSessions(prisma: PrismaClient, now = new Date()): Promise<{ deleted: number }> {
  const { count } = await prisma.userSession.deleteMany({ where: { expiresAt: { lt: now } } });
  return { deleted: count };
}

type SessionToken = { uid?: unknown; sid?: unknown; [key: string]: unknown };

/**
 * The Auth.js jwt callback's work: at sign-in, start a session and put its ID in the token; on
 * every later request, keep the token only while its session is live. Null ends the session
 * (Auth.js then answers "signed out" and clears the cookie where it can). A token without a
 * session ID (issued before sessions were recorded) counts as signed out.
 */
export async function sessionTokenFor<T extends SessionToken>(
  prisma: PrismaClient,
  args: { token: T; user?: { id?: string | null } | null },
): Promise<T | null> {
  if (args.user?.id) {
    const { sessionId } = await startUserSession(prisma, args.user.id);
    return { ...args.token, uid: args.user.id, sid: sessionId };
  }
  const { uid, sid } = args.token;
  if (typeof uid !== "string" || typeof sid !== "string") return null;
  return (await isUserSessionLive(prisma, { sessionId: sid, userId: uid })) ? args.token : null;
}
