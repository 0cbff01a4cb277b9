import { createHmac, timingSafeEqual } from "node:crypto";
import { standardWebhooksKey } from "./webhook-secret.ts";

export type VerifyInput = {
  headers: Headers | Record<string, string | string[] | undefined>;
  body: string | Buffer;
  /** The secret as shown in Settings → Webhooks (`whsec_…`). */
  secret: string;
  /** Refuse timestamps further than this from now (replay protection). Default 300 s. */
  toleranceSec?: number;
  now?: Date;
};

export type VerifyResult = { ok: true } | { ok: false; reason: string };

function header(headers: VerifyInput["headers"], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * For TypeScript receivers: accepts the Standard Webhooks signature or X-AOSAI-Signature
 * (current or previous secret during a rotation). Compare in constant time; check the clock.
 */
export function verifyWebhook(input: VerifyInput): VerifyResult {
  const body = typeof input.body === "string" ? input.body : input.body.toString("utf8");
  const timestamp = header(input.headers, "webhook-timestamp") ?? header(input.headers, "x-aosai-timestamp");
  if (!timestamp || !/^\d+$/.test(timestamp)) return { ok: false, reason: "Missing or malformed timestamp header" };
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - Number(timestamp)) > (input.toleranceSec ?? 300)) {
    return { ok: false, reason: "Timestamp is outside the allowed tolerance" };
  }
  const id = header(input.headers, "webhook-id");
  const standard = header(input.headers, "webhook-signature");
  if (id && standard && header(input.headers, "webhook-timestamp") === timestamp) {
    const expected = createHmac("sha256", standardWebhooksKey(input.secret))
      .update(`${id}.${timestamp}.${body}`)
      .digest("base64");
    for (const part of standard.split(" ")) {
      const [version, signature] = part.split(",");
      if (version === "v1" && signature && safeEqual(signature, expected)) return { ok: true };
    }
  }
  const aosaiTimestamp = header(input.headers, "x-aosai-timestamp");
  if (aosaiTimestamp) {
    const expected =
      "sha256=" +
      createHmac("sha256", input.secret)
        .update(aosaiTimestamp + body)
        .digest("hex");
    for (const name of ["x-aosai-signature", "x-aosai-signature-previous"]) {
      const value = header(input.headers, name);
      if (value && aosaiTimestamp === timestamp && safeEqual(value, expected)) return { ok: true };
    }
  }
  return { ok: false, reason: "No signature matches this secret" };
}
