// A dump of the database (every row of every table, as an attacker with a stolen backup would
// have it) holds no webhook secret and no password in plain text: secrets are AES-256-GCM
// encrypted with a key that is not in the database, passwords are argon2 hashes. Real
// PostgreSQL, and deliveries through the real sender so the log tables are in the dump too.
process.env.WEBHOOK_RETRY_SCHEDULE = "1s";
process.env.WEBHOOK_RETRY_JITTER = "0";

import { describe, expect, it } from "vitest";
import { addMember } from "@/lib/agencies/create-agency.ts";
import { verifyCredentials } from "@/lib/auth/verify-credentials.ts";
import { config } from "@/lib/config/index.ts";
import { emitEventAndDispatch } from "@/lib/events/index.ts";
import { sampleEventData } from "@/lib/webhooks/event-catalog.ts";
import { rotateSecret } from "@/lib/webhooks/rotate-secret.ts";
import { setUpThisFile } from "../support/file-setup.ts";
import { dumpRows } from "../support/dump-rows.ts";
import { addWebhook, createAgency } from "../webhooks/support/fixtures.ts";

const PASSWORD = "correct-horse-battery-staple-7319";
const setup = setUpThisFile({ engine: true, reply: { status: 200, body: "thanks" } });

describe("secrets at rest", () => {
  it("a dump of every row contains no webhook secret (current or previous), password or encryption key", async () => {
    const agencyId = await createAgency(setup.db.prisma, "Dump Test Agency");
    await addMember(setup.db.prisma, {
      agencyId,
      email: "dump-owner@example.test",
      name: "Dana Dump",
      password: PASSWORD,
      role: "owner",
    });
    // A failed sign-in with a password-like guess must not leave the guess behind either.
    const wrongGuess = "wrong-guess-password-5521";
    expect(
      (
        await verifyCredentials(
          setup.db.prisma,
          { email: "dump-owner@example.test", password: wrongGuess },
          "198.51.100.7",
        )
      ).ok,
    ).toBe(false);
    expect(
      (
        await verifyCredentials(
          setup.db.prisma,
          { email: "dump-owner@example.test", password: PASSWORD },
          "198.51.100.7",
        )
      ).ok,
    ).toBe(true);

    const first = await addWebhook(setup.db.prisma, agencyId, {
      url: `${setup.receiver.url}/dump`,
      events: ["invoice.paid"],
    });
    const rotated = await rotateSecret(setup.db.prisma, { agencyId, webhookId: first.id });
    expect(rotated).not.toBeNull();
    const { id } = await emitEventAndDispatch(setup.db.prisma, {
      agencyId,
      type: "invoice.paid",
      data: sampleEventData("invoice.paid"),
    });
    await expect
      .poll(async () => (await setup.db.prisma.delivery.findFirst({ where: { eventId: id } }))?.status, {
        timeout: 30_000,
      })
      .toBe("succeeded");
    // The receiver really got signed traffic: the secrets were in use, not just stored.
    expect(setup.receiver.requests.some((r) => r.headers["x-aosai-event-id"] === id)).toBe(true);

    const text = await dumpRows(setup.db.url);
    // The dump is real: it has the rows we made.
    expect(text).toContain("dump-owner@example.test");
    expect(text).toContain(id);
    const secrets = [first.secret, rotated!.secret];
    for (const s of secrets) {
      expect(text.includes(s), "a webhook secret is in the dump").toBe(false);
      expect(text.includes(s.slice("whsec_".length)), "a webhook secret's key bytes (base64) are in the dump").toBe(
        false,
      );
      expect(
        text.includes(Buffer.from(s.slice(6), "base64").toString("hex")),
        "a webhook secret's key bytes (hex) are in the dump",
      ).toBe(false);
    }
    expect(text.includes(PASSWORD), "a password is in the dump").toBe(false);
    expect(text.includes(wrongGuess), "a mistyped password is in the dump").toBe(false);
    expect(text.includes(config().encryptionKey), "the encryption key is in the dump").toBe(false);
    // Passwords are stored as argon2 hashes.
    expect(text).toMatch(/\$argon2id\$/);
  });
});
