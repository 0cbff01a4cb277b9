import type { NextAuthConfig } from "next-auth";
import { config } from "@/lib/config/index.ts";
import { authLogger } from "./auth-logger.ts";
import { SESSION_MAX_AGE_SECONDS } from "./session-lifetime.ts";

/**
 * The part of the Auth.js setup that needs no database, shared by the proxy (which only
 * reads the session cookie) and the full setup in auth.ts.
 */
export function authConfig(): NextAuthConfig {
  return {
    secret: config().authSecret,
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login" },
    logger: authLogger,
    providers: [],
    callbacks: {
      // The jwt callback, which checks the server-side session record, is in auth.ts (it needs the database).
      session({ session, token }) {
        if (typeof token.uid === "string") session.user.id = token.uid;
        return session;
      },
    },
  };
}
