import { createHmac, randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { verifyWebhook, WebhookVerificationError } from "./index.js";

const secret = "whsec_" + randomBytes(32).toString("base64");
const oldSecret = "whsec_" + randomBytes(32).toString("base64");
const body = JSON.stringify({
  id: "evt_1",
  event: "invoice.paid",
  timestamp: "2026-03-31T12:00:00Z",
  data: {
    id: 42,
    invoice_number: "INV-2026-0042",
    client_name: "Acme €",
    amount: 1500,
    currency: "USD",
    paid_date: "2026-03-31",
  },
});
const now = new Date("2026-03-31T12:00:10Z");
const ts = String(Math.floor(now.getTime() / 1000));

/** Headers exactly as the standardwebhooks library signs them (its own output, not ours). */
function standardHeaders(key: string, at = now): Record<string, string> {
  return {
    "webhook-id": "evt_1",
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(key).sign("evt_1", at, body),
  };
}

/** The documented check (PHP's hash_hmac('sha256', $timestamp . $payload, $secret)). */
function aosaiHeaders(key: string, at = ts): Record<string, string> {
  return {
    "X-AOSAI-Timestamp": at,
    "X-AOSAI-Signature":
      "sha256=" +
      createHmac("sha256", key)
        .update(at + body)
        .digest("hex"),
  };
}

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof WebhookVerificationError) return err.code;
    throw err;
  }
  return "verified";
}

describe("verifyWebhook", () => {
  it("accepts the standardwebhooks library's signature and returns the typed event", () => {
    const event = verifyWebhook(standardHeaders(secret), body, secret, { now });
    expect(event.event).toBe("invoice.paid");
    if (event.event === "invoice.paid") expect(event.data.invoice_number).toBe("INV-2026-0042");
  });

  it("and the standardwebhooks library accepts what it verifies (same key derivation)", () => {
    // The library checks against the real clock, so this case signs at the real time.
    const headers = standardHeaders(secret, new Date());
    expect(new Webhook(secret).verify(body, headers)).toMatchObject({ id: "evt_1" });
    expect(failure(() => verifyWebhook(headers, Buffer.from(body), secret))).toBe("verified");
  });

  it("accepts X-AOSAI-Signature from the raw body given as text or bytes, with Fetch Headers", () => {
    expect(failure(() => verifyWebhook(aosaiHeaders(secret), body, secret, { now }))).toBe("verified");
    expect(
      failure(() => verifyWebhook(new Headers(aosaiHeaders(secret)), new TextEncoder().encode(body), secret, { now })),
    ).toBe("verified");
  });

  it("refuses a wrong secret, a changed body and a stale or future timestamp", () => {
    expect(failure(() => verifyWebhook(aosaiHeaders(oldSecret), body, secret, { now }))).toBe("signature");
    expect(failure(() => verifyWebhook(standardHeaders(oldSecret), body, secret, { now }))).toBe("signature");
    expect(failure(() => verifyWebhook(aosaiHeaders(secret), body.replace("1500", "1"), secret, { now }))).toBe(
      "signature",
    );
    expect(failure(() => verifyWebhook(aosaiHeaders(secret, String(Number(ts) - 301)), body, secret, { now }))).toBe(
      "timestamp",
    );
    expect(
      failure(() => verifyWebhook(standardHeaders(secret, new Date(now.getTime() + 301_000)), body, secret, { now })),
    ).toBe("timestamp");
    expect(
      failure(() =>
        verifyWebhook(aosaiHeaders(secret, String(Number(ts) - 600)), body, secret, { now, toleranceSeconds: 900 }),
      ),
    ).toBe("verified");
    expect(failure(() => verifyWebhook({ "content-type": "application/json" }, body, secret, { now }))).toBe(
      "missing_headers",
    );
  });

  it("during a rotation: a receiver holding either secret verifies, and one can pass both", () => {
    const rotated = {
      "webhook-id": "evt_1",
      "webhook-timestamp": ts,
      "webhook-signature": `${new Webhook(secret).sign("evt_1", now, body)} ${new Webhook(oldSecret).sign("evt_1", now, body)}`,
    };
    expect(failure(() => verifyWebhook(rotated, body, oldSecret, { now }))).toBe("verified");
    expect(failure(() => verifyWebhook(rotated, body, secret, { now }))).toBe("verified");
    const previous = {
      ...aosaiHeaders(secret),
      "X-AOSAI-Signature-Previous": aosaiHeaders(oldSecret)["X-AOSAI-Signature"],
    };
    expect(failure(() => verifyWebhook(previous, body, oldSecret, { now }))).toBe("verified");
    expect(failure(() => verifyWebhook(aosaiHeaders(oldSecret), body, [secret, oldSecret], { now }))).toBe("verified");
    expect(failure(() => verifyWebhook(aosaiHeaders(oldSecret), body, [secret], { now }))).toBe("signature");
  });

  it("a signed body that is not JSON is refused after the signature check; no secret is a programming error", () => {
    const text = "not json";
    const headers = {
      "X-AOSAI-Timestamp": ts,
      "X-AOSAI-Signature":
        "sha256=" +
        createHmac("sha256", secret)
          .update(ts + text)
          .digest("hex"),
    };
    expect(failure(() => verifyWebhook(headers, text, secret, { now }))).toBe("body");
    expect(() => verifyWebhook(headers, text, "", { now })).toThrow(TypeError);
  });
});
