import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key.ts";
import { createApiKey } from "@/lib/api-keys/create-api-key.ts";
import { listApiKeys } from "@/lib/api-keys/list-api-keys.ts";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key.ts";
import type { AuditActor } from "@/lib/audit/record-audit.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { createAgency } from "../webhooks/support/fixtures.ts";

let db: TestDatabase;
let alice: AuditActor;
let other: AuditActor;

beforeAll(async () => {
  db = await createTestDatabase();
  alice = { agencyId: await createAgency(db.prisma), userId: null, label: "Alice <alice@example.test>" };
  other = { agencyId: await createAgency(db.prisma, "Other"), userId: null, label: "Olga <olga@example.test>" };
});
afterAll(() => db?.drop());

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

describe("API keys", () => {
  it("are shown once, stored only as a keyed hash, and authenticate with their scopes", async () => {
    const { key, token } = await createApiKey(db.prisma, {
      actor: alice,
      input: { name: "Billing sync", scopes: ["webhooks:read", "events:emit", "events:emit"], expiresIn: "90d" },
    });
    expect(token).toMatch(/^aosk_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({ name: "Billing sync", status: "active", scopes: ["webhooks:read", "events:emit"] });
    expect(token.startsWith(key.prefix)).toBe(true);
    const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(JSON.stringify(row)).not.toContain(token.slice(key.prefix.length));
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.expiresAt!.getTime() - Date.now()).toBeGreaterThan(89 * 86_400_000);

    const principal = await authenticateApiKey(db.prisma, token);
    expect(principal).toMatchObject({
      keyId: key.id,
      agencyId: alice.agencyId,
      scopes: ["webhooks:read", "events:emit"],
    });
    expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).not.toBeNull();
    const audit = await db.prisma.auditLog.findMany({ where: { targetId: key.id } });
    expect(audit).toMatchObject([{ action: "api_key.created", actor: alice.label, targetType: "api_key" }]);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("refuses a wrong, malformed, revoked or expired key, and revocation holds from the next request", async () => {
    const { key, token } = await createApiKey(db.prisma, {
      actor: alice,
      input: { name: "CI", scopes: ["webhooks:read"], expiresIn: "never" },
    });
    const last = token.at(-1) === "A" ? "B" : "A";
    for (const bad of [token.slice(0, -1) + last, "aosk_short", "", `Bearer ${token}`])
      expect((await refusal(authenticateApiKey(db.prisma, bad))).code).toBe("UNAUTHENTICATED");
    await authenticateApiKey(db.prisma, token);
    expect((await revokeApiKey(db.prisma, { actor: alice, keyId: key.id })).status).toBe("revoked");
    expect((await refusal(authenticateApiKey(db.prisma, token))).code).toBe("UNAUTHENTICATED");
    // Twice is harmless and records one revocation.
    await revokeApiKey(db.prisma, { actor: alice, keyId: key.id });
    expect(await db.prisma.auditLog.count({ where: { targetId: key.id, action: "api_key.revoked" } })).toBe(1);

    const expiring = await createApiKey(db.prisma, {
      actor: alice,
      input: { name: "Short", scopes: ["webhooks:read"], expiresIn: "30d" },
    });
    const later = new Date(Date.now() + 31 * 86_400_000);
    expect((await refusal(authenticateApiKey(db.prisma, expiring.token, { now: later }))).code).toBe("UNAUTHENTICATED");
  });

  it("belong to one agency: another agency can neither list nor revoke them", async () => {
    const { key, token } = await createApiKey(db.prisma, {
      actor: alice,
      input: { name: "Private", scopes: ["webhooks:read"], expiresIn: "never" },
    });
    expect((await listApiKeys(db.prisma, { agencyId: other.agencyId })).map((k) => k.id)).not.toContain(key.id);
    expect((await refusal(revokeApiKey(db.prisma, { actor: other, keyId: key.id }))).code).toBe("NOT_FOUND");
    expect((await authenticateApiKey(db.prisma, token)).agencyId).toBe(alice.agencyId);
  });

  it("refuses bad input by field: no scopes, an unknown scope, unknown fields, a blank name", async () => {
    const bad = async (input: unknown) =>
      (await refusal(createApiKey(db.prisma, { actor: alice, input: input as never }))).fieldErrors ?? {};
    expect(Object.keys(await bad({ name: "x", scopes: [], expiresIn: "never" }))).toEqual(["scopes"]);
    expect(Object.keys(await bad({ name: "x", scopes: ["admin:all"], expiresIn: "never" }))).toEqual(["scopes"]);
    expect(Object.keys(await bad({ name: " ", scopes: ["webhooks:read"], expiresIn: "never" }))).toEqual(["name"]);
    expect(
      await bad({ name: "x", scopes: ["webhooks:read"], expiresIn: "never", agencyId: other.agencyId }),
    ).toHaveProperty("form");
    expect(Object.keys(await bad({ name: "x", scopes: ["webhooks:read"], expiresIn: "2099-01-01" }))).toEqual([
      "expiresIn",
    ]);
  });
});
