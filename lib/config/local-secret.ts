import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Reads a secret kept in the data folder, creating it on first use. This is what lets the
 * app run with no configuration at all; production sets the matching variable instead.
 */
export function readOrCreateLocalSecret(dataDir: string, name: string, bytes = 32): string {
  const file = path.join(dataDir, name);
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const value = randomBytes(bytes).toString("base64");
    try {
      // "wx": if another process created it first, use theirs.
      writeFileSync(file, value + "\n", { mode: 0o600, flag: "wx" });
      return value;
    } catch {
      return readFileSync(file, "utf8").trim();
    }
  }
}
