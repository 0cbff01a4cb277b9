import { z } from "zod";
import type { PrismaClient } from "@/lib/db/generated/client.ts";
import {
  admitSignIn,
  LOGIN_POLICY,
  recordSignInFailure,
  recordSignInSuccess,
  type LoginPolicy,
} from "./login-limits.ts";
import { DUMMY_HASH, verifyPassword } from "./passwords.ts";

export const SignInSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  password: z.string().min(1, "Enter your password").max(200),
});

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryInSeconds: number };

/** Checks an email and password under the sign-in limits (lib/auth/login-limits.ts). */
export async function verifyCredentials(
  prisma: PrismaClient,
  input: unknown,
  address: string | null,
  policy: LoginPolicy = LOGIN_POLICY,
): Promise<SignInResult> {
  const parsed = SignInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const user = await prisma.user.findUnique({ where: { email } });
  const admitted = await admitSignIn(prisma, { email, address }, user?.id ?? null, policy);
  if (admitted.throttled) return { ok: false, reason: "rate_limited", retryInSeconds: admitted.retryInSeconds };

  const valid = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  if (!user || !valid) {
    await recordSignInFailure(prisma, admitted, policy);
    return { ok: false, reason: "invalid" };
  }
  await recordSignInSuccess(prisma, admitted, user.id, address, policy);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
