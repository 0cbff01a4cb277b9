import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { db } from "@/lib/db/index.ts";
import { authConfig } from "./auth-config.ts";
import { clientAddress } from "./client-address.ts";
import { rateLimitedCode } from "./sign-in-refusal.ts";
import { endUserSession, sessionTokenFor } from "./user-sessions.ts";
import { verifyCredentials } from "./verify-credentials.ts";

/** Auth.js passes only a code string to the page; the wait rides in it (read by lib/auth/sign-in-refusal.ts). */
class RateLimited extends CredentialsSignin {
  constructor(retryInSeconds: number) {
    super();
    this.code = rateLimitedCode(retryInSeconds);
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const base = authConfig();
  return {
    ...base,
    callbacks: {
      ...base.callbacks,
      // Runs at sign-in and on every auth() call: a session whose record is gone (signed out,
      // signed out everywhere, password changed, removed from the agency) is signed out here.
      jwt: async ({ token, user }) => sessionTokenFor(await db(), { token, user }),
    },
    events: {
      async signOut(message) {
        const sid = "token" in message ? message.token?.sid : undefined;
        if (typeof sid === "string") await endUserSession(await db(), sid);
      },
    },
    providers: [
      Credentials({
        credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const result = await verifyCredentials(await db(), credentials, clientAddress(request.headers));
          if (result.ok) return result.user;
          if (result.reason === "rate_limited") throw new RateLimited(result.retryInSeconds);
          return null;
        },
      }),
    ],
  };
});
