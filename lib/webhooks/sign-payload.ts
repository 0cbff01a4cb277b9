import { createHmac } from "node:crypto";
import packageJson from "@/package.json" with { type: "json" };
import { standardWebhooksKey } from "./webhook-secret.ts";
import { isReservedHeader } from "./webhook-input-rules.ts";

export { isReservedHeader };

export const USER_AGENT = `AgencyOS-Webhooks/${packageJson.version}`;

export type SignInput = {
  body: string;
  eventId: string;
  eventType: string;
  deliveryId: string;
  attempt: number;
  /** Newest first: the current secret, then the previous one while a rotation overlaps. */
  secrets: string[];
  /** Unix seconds; defaults to now. */
  timestamp?: number;
};

/** `sha256=` + hex HMAC-SHA256(key = the secret string as shown, message = timestamp + body). */
export function aosaiSignature(secret: string, timestamp: string, body: string): string {
  return (
    "sha256=" +
    createHmac("sha256", secret)
      .update(timestamp + body)
      .digest("hex")
  );
}

/** `v1,` + base64 HMAC-SHA256(key = base64-decoded part after `whsec_`, message = `id.timestamp.body`). */
export function standardSignature(secret: string, id: string, timestamp: string, body: string): string {
  return (
    "v1," + createHmac("sha256", standardWebhooksKey(secret)).update(`${id}.${timestamp}.${body}`).digest("base64")
  );
}

/**
 * Every header a receiver is promised (docs/verifying-signatures.md, "What arrives"). X-AOSAI-Signature uses the current secret
 * (the one the admin sees); during a rotation X-AOSAI-Signature-Previous carries the old
 * one and webhook-signature lists both, so receivers on either secret keep verifying.
 */
export function signPayload(input: SignInput): Record<string, string> {
  const [current, ...previous] = input.secrets;
  if (!current) throw new Error("signPayload needs at least one secret");
  const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "User-Agent": USER_AGENT,
    "X-AOSAI-Signature": aosaiSignature(current, timestamp, input.body),
    "X-AOSAI-Timestamp": timestamp,
    "X-AOSAI-Event": input.eventType,
    "X-AOSAI-Event-Id": input.eventId,
    "X-AOSAI-Delivery": input.deliveryId,
    "X-AOSAI-Attempt": String(input.attempt),
    "webhook-id": input.eventId,
    "webhook-timestamp": timestamp,
    "webhook-signature": input.secrets.map((s) => standardSignature(s, input.eventId, timestamp, input.body)).join(" "),
  };
  if (previous[0]) headers["X-AOSAI-Signature-Previous"] = aosaiSignature(previous[0], timestamp, input.body);
  return headers;
}

// Headers the endpoint's custom headers may not set: ours, and ones the HTTP client owns.
/** Custom headers first, then ours, so a custom header can never replace a signed one. */
export function mergeHeaders(custom: Record<string, string>, signed: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(custom)) {
    if (!isReservedHeader(name)) out[name] = value;
  }
  return { ...out, ...signed };
}
