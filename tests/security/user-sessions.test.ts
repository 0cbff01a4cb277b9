// Issue 14 item 5: sign-out did not end the session. The Auth.js cookie is a JWT, so a copy
// kept working until its 8 h expiry. Each sign-in now has a server-side record, keyed by the
// hash of a random ID inside the JWT, checked on every request (the jwt callback); deleting
// it ends the session, the copy included. These tests drive the same callback Auth.js calls.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createFirstAgency } from "@/lib/agencies/create-agency.ts";
import { changePassword } from "@/lib/auth/change-password.ts";
import {
  endSessionsOfUser,
  endUserSession,
  hashSessionId,
  pruneUserSessions,
  sessionTokenFor,
  startUserSession,
} from "@/lib/auth/user-sessions.ts";
import { verifyCredentials } from "@/lib/auth/verify-credentials.ts";
import { dumpRows } from "../support/dump-rows.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let db: TestDatabase;
let owner: { id: string; email: string };
let agencyId: string;
beforeAll(async () => {
  db = await createTestDatabase();
  const first = await createFirstAgency(db.prisma, {
    agencyName: "Sessions Agency",
    name: "Owner",
    email: "owner@sessions.test",
    password: "owner-password-1",
  });
  owner = first.user;
  agencyId = first.agency.id;
});
afterAll(() => db?.drop());

type Token = { uid?: unknown; sid?: unknown; [key: string]: unknown };

/** What Auth.js does at sign-in: the jwt callback with the user; the token goes into the cookie. */
async function signIn(userId: string): Promise<Token> {
  const token = await sessionTokenFor(db.prisma, { token: { sub: userId } as Token, user: { id: userId } });
  expect(token).not.toBeNull();
  return token!;
}
/** What every later request does: the jwt callback with the token decoded from the cookie. */
const request = (token: Token) => sessionTokenFor(db.prisma, { token: { ...token } });

describe("server-side sessions", () => {
  it("sign-out ends the session: the same token (a copied cookie) is refused afterwards", async () => {
    const token = await signIn(owner.id);
    const copy = { ...token };
    expect(await request(token)).not.toBeNull();
    expect(await request(copy)).not.toBeNull();
    await endUserSession(db.prisma, token.sid as string);
    expect(await request(token)).toBeNull();
    expect(await request(copy)).toBeNull();
  });

  it("stores only the hash of the session ID, and refuses a token without one, a forged one, or another user's", async () => {
    const token = await signIn(owner.id);
    const sid = token.sid as string;
    expect(sid.length).toBeGreaterThanOrEqual(43);
    const rows = await dumpRows(db.url);
    expect(rows).not.toContain(sid);
    expect(rows).toContain(hashSessionId(sid));
    // Tokens issued before sessions were recorded carry no session ID: signed out.
    expect(await request({ uid: owner.id })).toBeNull();
    expect(await request({ uid: owner.id, sid: "forged" })).toBeNull();
    const other = await addMember(db.prisma, {
      agencyId,
      email: "other@sessions.test",
      name: "Other",
      password: "other-password-1",
      role: "member",
    });
    expect(await request({ uid: other.id, sid })).toBeNull();
    expect(await request(token)).not.toBeNull();
  });

  it("an expired session is refused even though its row is still there, and expired rows are pruned", async () => {
    const past = new Date(Date.now() - 9 * 3_600_000);
    const old = await startUserSession(db.prisma, owner.id, past);
    expect(await request({ uid: owner.id, sid: old.sessionId })).toBeNull();
    const live = await signIn(owner.id);
    // Signing in removed the user's expired rows already; the daily purge removes anyone's.
    expect(await db.prisma.userSession.count({ where: { id: hashSessionId(old.sessionId) } })).toBe(0);
    const stale = await startUserSession(db.prisma, owner.id, past);
    const { deleted } = await pruneUserSessions(db.prisma);
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await db.prisma.userSession.count({ where: { id: hashSessionId(stale.sessionId) } })).toBe(0);
    expect(await request(live)).not.toBeNull();
  });

  it("a password change ends every other session of the user and keeps the one that changed it", async () => {
    const user = await addMember(db.prisma, {
      agencyId,
      email: "changer@sessions.test",
      name: "Changer",
      password: "first-password-1",
      role: "member",
    });
    const here = await signIn(user.id);
    const laptop = await signIn(user.id);
    const stolen = { ...laptop };
    const bystander = await signIn(owner.id);
    const result = await changePassword(db.prisma, {
      user,
      input: { currentPassword: "first-password-1", newPassword: "second-password-2" },
      address: "203.0.113.9",
      keepSessionId: here.sid as string,
    });
    expect(result.endedSessions).toBe(1); // the laptop's (the stolen copy is the same session)
    expect(await request(here)).not.toBeNull();
    expect(await request(laptop)).toBeNull();
    expect(await request(stolen)).toBeNull();
    expect(await request(bystander)).not.toBeNull();
    expect((await verifyCredentials(db.prisma, { email: user.email, password: "second-password-2" }, null)).ok).toBe(
      true,
    );
    // A wrong current password changes nothing and names the field.
    await expect(
      changePassword(db.prisma, {
        user,
        input: { currentPassword: "not-it-at-all", newPassword: "third-password-3" },
        address: "203.0.113.9",
        keepSessionId: null,
      }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: { currentPassword: expect.any(Array) } });
    expect(await request(here)).not.toBeNull();
  });

  it("sign out everywhere ends every session of the user, and no one else's", async () => {
    const a = await signIn(owner.id);
    const b = await signIn(owner.id);
    const someoneElse = await addMember(db.prisma, {
      agencyId,
      email: "else@sessions.test",
      name: "Else",
      password: "else-password-1",
      role: "admin",
    });
    const theirs = await signIn(someoneElse.id);
    await endSessionsOfUser(db.prisma, owner.id);
    expect(await request(a)).toBeNull();
    expect(await request(b)).toBeNull();
    expect(await request(theirs)).not.toBeNull();
  });

  it("removal from the agency ends the removed user's sessions, whichever code removes the membership", async () => {
    const leaver = await addMember(db.prisma, {
      agencyId,
      email: "leaver@sessions.test",
      name: "Leaver",
      password: "leaver-password-1",
      role: "admin",
    });
    const session = await signIn(leaver.id);
    const stays = await signIn(owner.id);
    expect(await request(session)).not.toBeNull();
    await db.prisma.membership.delete({ where: { userId_agencyId: { userId: leaver.id, agencyId } } });
    expect(await request(session)).toBeNull();
    expect(await request(stays)).not.toBeNull();
  });

  it("writes last-seen at most once a minute, not on every request", async () => {
    const token = await signIn(owner.id);
    const id = hashSessionId(token.sid as string);
    const before = (await db.prisma.userSession.findUniqueOrThrow({ where: { id } })).lastSeenAt;
    for (let i = 0; i < 5; i++) expect(await request(token)).not.toBeNull();
    expect((await db.prisma.userSession.findUniqueOrThrow({ where: { id } })).lastSeenAt).toEqual(before);
  });
});
