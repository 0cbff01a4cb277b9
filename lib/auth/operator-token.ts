import { timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config/index.ts";

/**
 * A token kept in the data folder (mode 0600) that lets local command-line tools such as
 * `npm run emit` act through the running app: whoever can read the app's data folder
 * already has its database, so this opens no new door.
 */
export function operatorToken(): string {
  return config().operatorToken;
}

export function isOperatorToken(presented: string | null | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(operatorToken());
  return a.length === b.length && timingSafeEqual(a, b);
}
