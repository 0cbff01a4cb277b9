import { createHmac, randomBytes } from "node:crypto";

/** Recognisable to secret scanners: `aosk_` + 43 base64url characters (32 random bytes). */
export const API_KEY_PREFIX = "aosk_";
const TOKEN = /^aosk_[A-Za-z0-9_-]{43}$/;

export function generateApiKeyToken(): string {
  return API_KEY_PREFIX + randomBytes(32).toString("base64url");
}

export function isApiKeyToken(value: string): boolean {
  return TOKEN.test(value);
}

/**
 * A fast keyed hash is right here: the key is 256 random bits, so no one can guess it, and a
 * keyed HMAC means a leaked table cannot even be checked against candidates without the server's
 * key. A slow password hash would cost every API request tens of milliseconds for nothing.
 */
export function hashApiKeyToken(token: string, hashKey: string): string {
  return createHmac("sha256", Buffer.from(hashKey, "base64")).update(token).digest("hex");
}

/** What the list shows: enough to tell keys apart, far too little to use. */
export function displayPrefix(token: string): string {
  return token.slice(0, API_KEY_PREFIX.length + 6);
}
