import type { PrismaClient } from "@/lib/db/generated/client.ts";

// Failed sign-ins allowed per window before further tries are refused.
export const LOGIN_LIMITS = { perAccount: 5, perAddress: 20, windowMs: 15 * 60_000 };

export type LoginKeys = { account: string; address: string };

export function loginKeys(email: string, address: string | null): LoginKeys {
  return { account: `account:${email.trim().toLowerCase()}`, address: `address:${address ?? "unknown"}` };
}

/** Minutes until the caller may try again, or 0 when not limited. */
export async function loginBlockedFor(prisma: PrismaClient, keys: LoginKeys, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - LOGIN_LIMITS.windowMs);
  const [account, address] = await Promise.all([
    prisma.loginAttempt.findMany({
      where: { key: keys.account, createdAt: { gte: since } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    }),
    prisma.loginAttempt.count({ where: { key: keys.address, createdAt: { gte: since } } }),
  ]);
  if (account.length < LOGIN_LIMITS.perAccount && address < LOGIN_LIMITS.perAddress) return 0;
  const oldest = account[0]?.createdAt ?? since;
  return Math.max(1, Math.ceil((oldest.getTime() + LOGIN_LIMITS.windowMs - now.getTime()) / 60_000));
}

export async function recordLoginFailure(prisma: PrismaClient, keys: LoginKeys): Promise<void> {
  await prisma.loginAttempt.createMany({ data: [{ key: keys.account }, { key: keys.address }] });
}

export async function clearLoginFailures(prisma: PrismaClient, keys: LoginKeys): Promise<void> {
  await prisma.loginAttempt.deleteMany({ where: { key: keys.account } });
}
