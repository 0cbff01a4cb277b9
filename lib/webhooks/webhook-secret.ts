import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { config } from "@/lib/config/index.ts";
import { SECRET_PREFIX } from "./webhook-input-rules.ts";

export { isValidSecret } from "./webhook-input-rules.ts";
// "v1" names the scheme (AES-256-GCM, 12-byte IV, 16-byte tag) so a future key or
// algorithm change can read old rows and rewrite them lazily.
const FORMAT_VERSION = "v1";

/** `whsec_` + base64 of 32 random bytes: the Standard Webhooks secret format. */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString("base64");
}

/** The HMAC key of the Standard Webhooks signature: the bytes after `whsec_`. */
export function standardWebhooksKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, "base64");
}

function encryptionKey(keyBase64?: string): Buffer {
  const key = Buffer.from(keyBase64 ?? config().encryptionKey, "base64");
  if (key.length !== 32) throw new Error("WEBHOOK_ENCRYPTION_KEY must be base64 of exactly 32 bytes");
  return key;
}

/** `v1:<iv>:<tag>:<ciphertext>` (base64 parts). The plain secret is never stored. */
export function encryptSecret(secret: string, keyBase64?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(keyBase64), iv);
  const data = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [FORMAT_VERSION, iv.toString("base64"), tag.toString("base64"), data.toString("base64")].join(":");
}

// Every attempt signs with its endpoint's secret: decrypted once per ciphertext (with the
// configured key), a few hundred endpoints' worth kept in memory, never written anywhere.
const decrypted = new Map<string, string>();
const DECRYPTED_KEPT = 1000;

export function decryptSecret(stored: string, keyBase64?: string): string {
  if (keyBase64 === undefined) {
    const known = decrypted.get(stored);
    if (known !== undefined) return known;
    const plain = decryptWith(stored);
    if (decrypted.size >= DECRYPTED_KEPT) decrypted.clear();
    decrypted.set(stored, plain);
    return plain;
  }
  return decryptWith(stored, keyBase64);
}

function decryptWith(stored: string, keyBase64?: string): string {
  const [version, iv, tag, data] = stored.split(":");
  if (version !== FORMAT_VERSION || !iv || !tag || data === undefined) {
    throw new Error("Stored webhook secret has an unknown format");
  }
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(keyBase64), Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
}
