import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Secrets the app generates for itself so that it runs with no configuration at all. Each is
 * created once, at start-up (createLocalSecrets: the server's start-up and each CLI), in the
 * data folder; production sets the variable instead. Reading one never creates it.
 */
export const LOCAL_SECRETS = {
  authSecret: { variable: "AUTH_SECRET", file: "auth-secret" },
  encryptionKey: { variable: "WEBHOOK_ENCRYPTION_KEY", file: "encryption-key" },
  operatorToken: { variable: "OPERATOR_TOKEN", file: "operator-token" },
  // Keys the HMAC that API keys are stored as (lib/api-keys/api-key-token.ts).
  apiKeyHashKey: { variable: "API_KEY_HASH_KEY", file: "api-key-hash-key" },
  // The embedded engine's request-signing key (lib/engine/local-signing-key.ts): no variable.
  engineSigningSecret: { variable: null, file: "inngest-signing-key" },
} as const;

export type LocalSecretName = keyof typeof LOCAL_SECRETS;

// A secret file is written once and never overwritten ("wx" below), so a value read stays
// right for the process's life: the delivery path reads the encryption key per attempt.
const read = new Map<string, string>();

/** The generated secret's value; a clear error (not a new secret) when start-up has not made it. */
export function readLocalSecret(dataDir: string, name: LocalSecretName): string {
  const { variable, file } = LOCAL_SECRETS[name];
  const full = path.resolve(dataDir, file);
  const known = read.get(full);
  if (known !== undefined) return known;
  try {
    const value = readFileSync(full, "utf8").trim();
    read.set(full, value);
    return value;
  } catch {
    const hint = variable ? `set ${variable}, or ` : "";
    throw new Error(`${path.join(dataDir, file)} does not exist: ${hint}start the app (or a CLI) once to create it`);
  }
}

/** Start-up: writes each generated secret whose variable is unset and whose file is missing. */
export function createLocalSecrets(dataDir: string, env: Record<string, string | undefined>): void {
  for (const { variable, file } of Object.values(LOCAL_SECRETS)) {
    if (variable && env[variable]) continue;
    mkdirSync(dataDir, { recursive: true });
    try {
      // "wx": never overwrite; if another process created it first, theirs stands.
      writeFileSync(path.join(dataDir, file), randomBytes(32).toString("base64") + "\n", { mode: 0o600, flag: "wx" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
}
