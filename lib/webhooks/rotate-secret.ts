import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import { webhookNotFound } from "./webhook-repo.ts";
import { encryptSecret, generateSecret } from "./webhook-secret.ts";

export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

/**
 * A new secret signs from now on; the old one keeps signing too (a second signature) for
 * 24 h, so receivers can switch without dropping a delivery. Rotating again during the
 * overlap retires the oldest secret at once: only two ever sign.
 */
export async function rotateSecret(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId: string; overlapMs?: number; now?: Date },
): Promise<{ secret: string; previousValidUntil: Date }> {
  const now = args.now ?? new Date();
  const current = await prisma.webhook.findFirst({
    where: { id: args.webhookId, agencyId: args.agencyId },
    select: { secretEnc: true },
  });
  if (!current) throw webhookNotFound();
  const secret = generateSecret();
  const previousValidUntil = new Date(now.getTime() + (args.overlapMs ?? ROTATION_OVERLAP_MS));
  // Compare-and-set on the old ciphertext: two concurrent rotations cannot both win.
  const { count } = await prisma.webhook.updateMany({
    where: { id: args.webhookId, agencyId: args.agencyId, secretEnc: current.secretEnc },
    data: {
      secretEnc: encryptSecret(secret),
      previousSecretEnc: current.secretEnc,
      previousSecretUntil: previousValidUntil,
    },
  });
  if (count === 0)
    throw new AppError("CONFLICT", "The secret was rotated at the same moment by someone else. Reload to see it.");
  return { secret, previousValidUntil };
}
