import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { db } from "@/lib/db/index.ts";
import { authConfig } from "./auth-config.ts";
import { clientAddress } from "./client-address.ts";
import { verifyCredentials } from "./verify-credentials.ts";

class RateLimited extends CredentialsSignin {
  code = "rate_limited";
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const base = authConfig();
  return {
    ...base,
    providers: [
      Credentials({
        credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const result = await verifyCredentials(await db(), credentials, clientAddress(request.headers));
          if (result.ok) return result.user;
          if (result.reason === "rate_limited") throw new RateLimited();
          return null;
        },
      }),
    ],
  };
});
