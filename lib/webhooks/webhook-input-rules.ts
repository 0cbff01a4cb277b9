// Rules shared by the Add/Edit Webhook form in the browser and the server: no Node imports.

// Headers Agency OS sets itself or the HTTP client owns; custom headers may not replace them.
const RESERVED = new Set([
  "content-type",
  "user-agent",
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
  "host",
  "content-length",
  "connection",
  "transfer-encoding",
  "keep-alive",
  "upgrade",
  "expect",
  "te",
  "trailer",
]);

export function isReservedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED.has(lower) || lower.startsWith("x-aosai-");
}

export const SECRET_PREFIX = "whsec_";

/**
 * Shown instead of a custom header's value everywhere (log, delivery sheet, API, edit form).
 * Saved back unchanged by the edit form, it means "keep the stored value".
 */
export const HEADER_MASK = "********";

/** `whsec_` + base64 of at least 24 bytes (we generate 32). */
export function isValidSecret(secret: string): boolean {
  if (!secret.startsWith(SECRET_PREFIX)) return false;
  const raw = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw)) return false;
  const bytes = Math.floor((raw.replace(/=+$/, "").length * 3) / 4);
  return bytes >= 24;
}

/** A pasted secret whose bytes are all the same (all zero, say) is a placeholder, not a key. */
export function isDegenerateSecret(secret: string): boolean {
  if (!isValidSecret(secret)) return false;
  const bytes = atob(secret.slice(SECRET_PREFIX.length));
  return [...bytes].every((c) => c === bytes[0]);
}

// HTTP allows TAB, SP, visible ASCII and obs-text (0x80–0xFF) in a header value; anything
// else makes the HTTP client refuse the request, so every delivery would fail.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;
const HEADER_VALUE = /^[\t\u0020-\u007e\u0080-\u00ff]*$/;

/** Why a custom header value could never be sent, or null. */
export function headerValueProblem(name: string, value: string): string | null {
  if (CONTROL.test(value)) return `"${name}": header values cannot contain line breaks or other control characters`;
  if (!HEADER_VALUE.test(value))
    return `"${name}": header values may only use printable ASCII and Latin-1 characters (no emoji or other scripts)`;
  return null;
}

/**
 * Why a URL typed as an endpoint could never be delivered to as written, or null. Browsers and
 * the URL parser silently drop tabs and line breaks, and the HTTP client silently drops
 * credentials in the URL: both would send something other than what the admin saved.
 */
export function endpointUrlProblem(raw: string): string | null {
  if (CONTROL.test(raw) || raw.includes("\t"))
    return "The URL cannot contain tabs, line breaks or other control characters";
  if (!URL.canParse(raw)) return "Enter a full URL such as https://example.com/webhooks";
  const url = new URL(raw);
  if (url.protocol !== "https:" && url.protocol !== "http:") return "The URL must start with https:// or http://";
  if (url.username || url.password)
    return "Remove the user name and password from the URL (receivers never get them); send credentials in a custom header such as Authorization";
  return null;
}
