import type { NextAuthConfig } from "next-auth";
import { config } from "@/lib/config/index.ts";
import { authLogger } from "./auth-logger.ts";

// Signed-in sessions last 8 hours; after that the proxy sends the user to the login page.
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

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
      jwt({ token, user }) {
        if (user?.id) token.uid = user.id;
        return token;
      },
      session({ session, token }) {
        if (typeof token.uid === "string") session.user.id = token.uid;
        return session;
      },
    },
  };
}
