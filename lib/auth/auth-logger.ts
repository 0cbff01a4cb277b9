import { AuthError } from "next-auth";
import type { NextAuthConfig } from "next-auth";

// Auth.js's own logger prints a stack trace of a dozen lines for every failed sign-in, an
// expected event. One line each instead: the error's type and, for an unexpected error, what
// caused it (name and message only, never the credentials, which Auth.js does not put there).

function causeOf(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  const err = cause && typeof cause === "object" && "err" in cause ? (cause as { err: unknown }).err : cause;
  return err instanceof Error ? ` (${err.name}: ${err.message})` : "";
}

export const authLogger: NonNullable<NextAuthConfig["logger"]> = {
  error(error) {
    const type = error instanceof AuthError ? error.type : error.name;
    const { code } = error as { code?: unknown };
    // A wrong password or a rate limit is expected: no cause, no stack.
    const detail = type === "CredentialsSignin" ? "" : causeOf(error);
    console.error(`[auth] ${type}${typeof code === "string" ? ` ${code}` : ""}${detail}`);
  },
  warn(code) {
    console.warn(`[auth] warning ${code}`);
  },
  debug() {
    // Auth.js only calls this with debug: true, which we never set.
  },
};
