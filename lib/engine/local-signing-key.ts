import { readLocalSecret } from "../config/local-secrets.ts";

/**
 * The signing key shared by the embedded engine and the serve handler when no Inngest is
 * configured: random, created at start-up in the data folder, in Inngest's `signkey-prod-<hex>` format so the
 * SDK verifies requests exactly as it would Inngest Cloud's.
 */
export function localSigningKey(dataDir: string): string {
  const secret = readLocalSecret(dataDir, "engineSigningSecret");
  return `signkey-prod-${Buffer.from(secret, "base64").toString("hex")}`;
}
