import { z } from "zod";
import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import { hashPassword } from "./passwords.ts";
import { waitInWords } from "./sign-in-refusal.ts";
import { endSessionsOfUser } from "./user-sessions.ts";
import { verifyCredentials } from "./verify-credentials.ts";

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(200),
    newPassword: z.string().min(10, "Use at least 10 characters").max(200, "Use at most 200 characters"),
  })
  .refine((d) => d.newPassword !== d.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one",
  });

/**
 * Changes a signed-in user's password and ends every other session of theirs (a stolen
 * cookie, another browser), keeping the one that made the change. The current password is
 * checked under the sign-in limits, so a borrowed session cannot guess it faster than the
 * login form allows.
 */
export async function changePassword(
  prisma: PrismaClient,
  args: {
    user: { id: string; email: string };
    input: z.output<typeof ChangePasswordSchema>;
    address: string | null;
    keepSessionId: string | null;
  },
): Promise<{ endedSessions: number }> {
  const check = await verifyCredentials(
    prisma,
    { email: args.user.email, password: args.input.currentPassword },
    args.address,
  );
  if (!check.ok && check.reason === "rate_limited") {
    throw new AppError("RATE_LIMITED", `Too many wrong passwords. Wait ${waitInWords(check.retryInSeconds)}.`);
  }
  if (!check.ok || check.user.id !== args.user.id) {
    throw new AppError("INVALID_INPUT", "Your current password is not right.", {
      currentPassword: ["This is not your current password"],
    });
  }
  const passwordHash = await hashPassword(args.input.newPassword);
  const ended = await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: args.user.id }, data: { passwordHash } });
    return endSessionsOfUser(tx, args.user.id, { except: args.keepSessionId });
  });
  return { endedSessions: ended.ended };
}
