import { createHmac, timingSafeEqual } from "node:crypto";
import type { WebhookEvent } from "./events.js";
import { readHeader, type WebhookHeaders } from "./read-header.js";

export type VerifyOptions = {
  /** How far X-AOSAI-Timestamp / webhook-timestamp may be from your clock (replays). Default 300 s. */
  toleranceSeconds?: number;
  /** The clock to compare with; for tests. */
  now?: Date;
};

export type VerificationFailure = "missing_headers" | "timestamp" | "signature" | "body";

export class WebhookVerificationError extends Error {
  constructor(
    readonly code: VerificationFailure,
    message: string,
  ) {
    super(message);
    this.name = "WebhookVerificationError";
  }
}

const SECRET_PREFIX = "whsec_";

function hmac(key: string | Buffer, parts: (string | Uint8Array)[], encoding: "hex" | "base64"): string {
  const mac = createHmac("sha256", key);
  for (const part of parts) mac.update(part);
  return mac.digest(encoding);
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Standard Webhooks keys with the bytes after `whsec_`, base64-decoded. */
function standardKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, "base64");
}

type Scheme = { timestamp: string; matches: (secret: string) => boolean };

function schemes(headers: WebhookHeaders, body: Uint8Array): Scheme[] {
  const found: Scheme[] = [];
  const id = readHeader(headers, "webhook-id");
  const ts = readHeader(headers, "webhook-timestamp");
  const signatures = readHeader(headers, "webhook-signature");
  if (id && ts && signatures) {
    // One `v1,<base64>` per valid secret, space-separated, while a rotation overlaps.
    const offered = signatures.split(" ").flatMap((s) => (s.startsWith("v1,") ? [s.slice(3)] : []));
    found.push({
      timestamp: ts,
      matches: (secret) => {
        const expected = hmac(standardKey(secret), [`${id}.${ts}.`, body], "base64");
        return offered.some((s) => sameString(s, expected));
      },
    });
  }
  const aosTs = readHeader(headers, "x-aosai-timestamp");
  const offered = ["x-aosai-signature", "x-aosai-signature-previous"].flatMap((n) => readHeader(headers, n) ?? []);
  if (aosTs && offered.length > 0) {
    found.push({
      timestamp: aosTs,
      // The key is the secret string exactly as shown, the message the timestamp then the raw body.
      matches: (secret) => offered.some((s) => sameString(s, "sha256=" + hmac(secret, [aosTs, body], "hex"))),
    });
  }
  return found;
}

/**
 * Checks that a delivery comes from Agency OS and is fresh, and returns its event. Either scheme
 * verifies it: X-AOSAI-Signature (HMAC-SHA256 of timestamp + body, hex) or the Standard Webhooks
 * headers. Pass the raw body (the exact bytes received, not re-serialised JSON) and your secret;
 * during a rotation pass both secrets (`[newSecret, oldSecret]`). Throws WebhookVerificationError.
 */
export function verifyWebhook(
  headers: WebhookHeaders,
  body: string | Uint8Array,
  secret: string | readonly string[],
  options: VerifyOptions = {},
): WebhookEvent {
  const secrets = (typeof secret === "string" ? [secret] : [...secret]).filter((s) => s.length > 0);
  if (secrets.length === 0) throw new TypeError("verifyWebhook needs the webhook's secret (whsec_…)");
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  const found = schemes(headers, bytes);
  if (found.length === 0)
    throw new WebhookVerificationError("missing_headers", "No X-AOSAI-Signature or webhook-signature header");
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? 300;
  const fresh = found.filter((s) => /^\d{1,15}$/.test(s.timestamp) && Math.abs(now - Number(s.timestamp)) <= tolerance);
  if (fresh.length === 0)
    throw new WebhookVerificationError("timestamp", `The timestamp is missing or more than ${tolerance} s from now`);
  if (!fresh.some((scheme) => secrets.some((s) => scheme.matches(s))))
    throw new WebhookVerificationError("signature", "No signature matches the secret");
  try {
    return JSON.parse(Buffer.from(bytes).toString("utf8")) as WebhookEvent;
  } catch {
    throw new WebhookVerificationError("body", "The signed body is not JSON");
  }
}
