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

/** `whsec_` + base64 of at least 24 bytes (we generate 32). */
export function isValidSecret(secret: string): boolean {
  if (!secret.startsWith(SECRET_PREFIX)) return false;
  const raw = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw)) return false;
  const bytes = Math.floor((raw.replace(/=+$/, "").length * 3) / 4);
  return bytes >= 24;
}
