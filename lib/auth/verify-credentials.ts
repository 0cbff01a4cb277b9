import { z } from "zod";
import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { clearLoginFailures, loginBlockedFor, loginKeys, recordLoginFailure } from "./login-rate-limit.ts";
import { DUMMY_HASH, verifyPassword } from "./passwords.ts";

export const SignInSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  password: z.string().min(1, "Enter your password").max(200),
});

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: "invalid" | "rate_limited"; retryInMinutes?: number };

/** Checks an email and password, counting failures per account and per address. */
export async function verifyCredentials(
  prisma: PrismaClient,
  input: unknown,
  address: string | null,
): Promise<SignInResult> {
  const parsed = SignInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const keys = loginKeys(email, address);
  const blocked = await loginBlockedFor(prisma, keys);
  if (blocked > 0) return { ok: false, reason: "rate_limited", retryInMinutes: blocked };

  const user = await prisma.user.findUnique({ where: { email } });
  const valid = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  if (!user || !valid) {
    await recordLoginFailure(prisma, keys);
    return { ok: false, reason: "invalid" };
  }
  await clearLoginFailures(prisma, keys);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
