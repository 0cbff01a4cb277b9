import { AppError } from "@/lib/errors/app-error.ts";

// Auth.js reports why a sign-in failed by a code string only; a throttled one carries its wait.
const RATE_LIMITED = /^rate_limited(?:_(\d+))?$/;

export function rateLimitedCode(retryInSeconds: number): string {
  return `rate_limited_${Math.max(1, Math.ceil(retryInSeconds))}`;
}

/** "2 minutes", "45 seconds": how long to wait, in words. */
export function waitInWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** The sentence a refused sign-in shows. */
export function signInRefusal(code: string | null | undefined): AppError {
  const limited = code ? RATE_LIMITED.exec(code) : null;
  if (!limited) return new AppError("UNAUTHENTICATED", "Wrong email or password.");
  const wait = limited[1] ? waitInWords(Number(limited[1])) : "a few minutes";
  return new AppError("RATE_LIMITED", `Too many failed sign-ins. Wait ${wait}, then try again.`);
}
