import canonicalize from "canonicalize";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * RFC 8785 canonical JSON, by the same library the SDK uses: the SDK verifies
 * `X-Inngest-Signature` over the canonical form of the body it parsed, so the engine sends
 * exactly that text and signs it.
 */
export function canonicalJson(value: unknown): string {
  return canonicalize(value) ?? "null";
}

function keyMaterial(signingKey: string): string {
  return signingKey.replace(/^signkey-\w+-/, "");
}

/** The `X-Inngest-Signature` value Inngest sends: `t=<unix s>&s=<hex HMAC-SHA256(body + t)>`. */
export function signRequestBody(body: string, signingKey: string, nowMs = Date.now()): string {
  const t = Math.round(nowMs / 1000).toString();
  const s = createHmac("sha256", keyMaterial(signingKey)).update(body).update(t).digest("hex");
  return `t=${t}&s=${s}`;
}

/** What the SDK puts in `Authorization: Bearer …` when it calls the Inngest API. */
export function hashedSigningKey(signingKey: string): string {
  const prefix = /^signkey-\w+-/.exec(signingKey)?.[0] ?? "";
  return (
    prefix +
    createHash("sha256")
      .update(Buffer.from(keyMaterial(signingKey), "hex"))
      .digest("hex")
  );
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
