import { createHmac } from "node:crypto";
import { verifyWebhook } from "@agency-os/webhooks";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import packageJson from "@/package.json" with { type: "json" };
import { mergeHeaders, signPayload } from "./sign-payload.ts";
import { buildPayloadBody } from "./webhook-payload.ts";
import { generateSecret } from "./webhook-secret.ts";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const BODY = '{"id":"evt_test","event":"invoice.paid","timestamp":"2026-03-31T12:00:00Z","data":{"id":42}}';
const TS = 1774958400;

function sign(secrets: string[], body = BODY, timestamp = TS) {
  return signPayload({
    body,
    eventId: "evt_test",
    eventType: "invoice.paid",
    deliveryId: "dlv_1",
    attempt: 3,
    secrets,
    timestamp,
  });
}

/** The product documentation's PHP rule, transcribed: hash_hmac('sha256', $timestamp . $payload, $secret). */
function phpHashHmac(timestamp: string, payload: string, secret: string): string {
  return createHmac("sha256", secret)
    .update(timestamp + payload)
    .digest("hex");
}

describe("signPayload", () => {
  it("matches fixed test vectors (computed independently with Python's hmac)", () => {
    const h = sign([SECRET]);
    expect(h["X-AOSAI-Signature"]).toBe("sha256=e3e116ce8a3817f8338d57bffcbe56fa8aa561bded1795fc514885c9d5f3d88d");
    expect(h["webhook-signature"]).toBe("v1,29IopgTpRCPMKn4lzuexu4T4kiJXMR/8nTOSRPO2EG8=");
  });

  it("sets every documented header", () => {
    const h = sign([SECRET]);
    expect(h).toMatchObject({
      "Content-Type": "application/json",
      "User-Agent": `AgencyOS-Webhooks/${packageJson.version}`,
      "X-AOSAI-Timestamp": String(TS),
      "X-AOSAI-Event": "invoice.paid",
      "X-AOSAI-Event-Id": "evt_test",
      "X-AOSAI-Delivery": "dlv_1",
      "X-AOSAI-Attempt": "3",
      "webhook-id": "evt_test",
      "webhook-timestamp": String(TS),
    });
    expect(h["X-AOSAI-Signature-Previous"]).toBeUndefined();
  });

  it("passes the documented PHP check for X-AOSAI-Signature", () => {
    const secret = generateSecret();
    const h = sign([secret], BODY, Math.floor(Date.now() / 1000));
    const expected = phpHashHmac(h["X-AOSAI-Timestamp"], BODY, secret);
    expect(h["X-AOSAI-Signature"]).toBe(`sha256=${expected}`);
  });

  it("verifies with the standardwebhooks npm package", () => {
    const secret = generateSecret();
    const h = sign([secret], BODY, Math.floor(Date.now() / 1000));
    expect(new Webhook(secret).verify(BODY, h)).toEqual(JSON.parse(BODY));
    expect(() => new Webhook(generateSecret()).verify(BODY, h)).toThrow();
    expect(() => new Webhook(secret).verify(BODY.replace("42", "43"), h)).toThrow();
  });

  it("carries one signature per secret during a rotation, both verifiable", () => {
    const next = generateSecret();
    const old = generateSecret();
    const now = Math.floor(Date.now() / 1000);
    const h = sign([next, old], BODY, now);
    expect(h["webhook-signature"].split(" ")).toHaveLength(2);
    expect(new Webhook(next).verify(BODY, h)).toBeTruthy();
    expect(new Webhook(old).verify(BODY, h)).toBeTruthy();
    expect(h["X-AOSAI-Signature"]).toBe(`sha256=${phpHashHmac(String(now), BODY, next)}`);
    expect(h["X-AOSAI-Signature-Previous"]).toBe(`sha256=${phpHashHmac(String(now), BODY, old)}`);
    // A receiver on either secret verifies (the receiver package, as integrators use it).
    expect(verifyWebhook(h, BODY, old, { now: new Date(now * 1000) }).id).toBe("evt_test");
    expect(verifyWebhook(h, BODY, next, { now: new Date(now * 1000) }).id).toBe("evt_test");
  });

  it("does not let custom headers override signed ones, whatever their case", () => {
    const merged = mergeHeaders(
      { "x-aosai-signature": "forged", "CONTENT-TYPE": "text/plain", "Webhook-Id": "x", Authorization: "Bearer abc" },
      sign([SECRET]),
    );
    expect(merged.Authorization).toBe("Bearer abc");
    expect(Object.keys(merged).filter((k) => k.toLowerCase() === "x-aosai-signature")).toEqual(["X-AOSAI-Signature"]);
    expect(Object.keys(merged).filter((k) => k.toLowerCase() === "content-type")).toEqual(["Content-Type"]);
    expect(merged["Webhook-Id"]).toBeUndefined();
  });
});

describe("buildPayloadBody", () => {
  it("is compact JSON with id, event, timestamp, data in that order", () => {
    const body = buildPayloadBody({
      eventId: "evt_1",
      eventType: "invoice.paid",
      occurredAt: new Date("2026-03-31T12:00:00.000Z"),
      data: { id: 42 },
    });
    expect(body).toBe('{"id":"evt_1","event":"invoice.paid","timestamp":"2026-03-31T12:00:00Z","data":{"id":42}}');
  });
});
