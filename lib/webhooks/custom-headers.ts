import { AppError } from "@/lib/errors/app-error.ts";
import { isReservedHeader } from "./webhook-input-rules.ts";
import { decryptSecret, encryptSecret } from "./webhook-secret.ts";

// Issue 14 item 12. Custom header values are credentials as often as not (API keys, bearer
// tokens), so they are kept like the signing secret: AES-256-GCM under WEBHOOK_ENCRYPTION_KEY,
// on the endpoint (webhooks.headers) and in each attempt's stored request headers
// (delivery_attempts.request_headers, where only the custom ones are encrypted: ours are
// derived and public). Names stay readable. Everything shown back (screens, API) carries
// HEADER_MASK instead of a value; the real values are decrypted only to send a delivery and
// for an admin's audited "Reveal values".

export { HEADER_MASK } from "./webhook-input-rules.ts";
import { HEADER_MASK } from "./webhook-input-rules.ts";

type Headers = Record<string, string>;

function asStringRecord(value: unknown): Headers {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

/** What webhooks.headers stores: each value encrypted. */
export function encryptHeaders(plain: Headers): Headers {
  return Object.fromEntries(Object.entries(plain).map(([name, value]) => [name, encryptSecret(value)]));
}

/** The endpoint's real header values, to send a delivery or to reveal. */
export function decryptHeaders(stored: unknown): Headers {
  return Object.fromEntries(
    Object.entries(asStringRecord(stored)).map(([name, value]) => [name, decryptSecret(value)]),
  );
}

/** Names with the mask for a value: what every screen and the API show. */
export function maskHeaders(stored: unknown): Headers {
  return Object.fromEntries(Object.keys(asStringRecord(stored)).map((name) => [name, HEADER_MASK]));
}

/** An attempt's request headers as stored: the custom ones encrypted, ours (signature, event, …) as sent. */
export function encryptAttemptHeaders(sent: Headers): Headers {
  return Object.fromEntries(
    Object.entries(sent).map(([name, value]) => [name, isReservedHeader(name) ? value : encryptSecret(value)]),
  );
}

/** An attempt's request headers for the log: ours as sent, the custom ones masked. */
export function maskAttemptHeaders(stored: unknown): Headers {
  return Object.fromEntries(
    Object.entries(asStringRecord(stored)).map(([name, value]) => [name, isReservedHeader(name) ? value : HEADER_MASK]),
  );
}

/** The custom header values an attempt sent, decrypted (for an audited reveal). */
export function revealAttemptHeaders(stored: unknown): Headers {
  return Object.fromEntries(
    Object.entries(asStringRecord(stored))
      .filter(([name]) => !isReservedHeader(name))
      .map(([name, value]) => [name, decryptSecret(value)]),
  );
}

/**
 * The headers an edit saves. A value left as HEADER_MASK (the form shows the mask, never the
 * value) keeps what is stored under that name; any other value replaces it, encrypted.
 */
export function mergeEditedHeaders(stored: unknown, edited: Headers): { headers: Headers; changed: boolean } {
  const before = asStringRecord(stored);
  const headers: Headers = {};
  let changed = Object.keys(before).length !== Object.keys(edited).length;
  for (const [name, value] of Object.entries(edited)) {
    if (value === HEADER_MASK) {
      if (before[name] === undefined) {
        throw new AppError("INVALID_INPUT", "Check the highlighted fields.", {
          headers: [`Enter a value for ${name}`],
        });
      }
      headers[name] = before[name];
    } else {
      headers[name] = encryptSecret(value);
      changed ||= before[name] === undefined || decryptSecret(before[name]) !== value;
    }
  }
  return { headers, changed };
}
