import { z } from "zod";
import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { hashPassword } from "@/lib/auth/passwords.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import { newId } from "@/lib/ids.ts";

export const SetupSchema = z.object({
  agencyName: z
    .string()
    .trim()
    .min(2, "Agency name must be at least 2 characters")
    .max(80, "Agency name must be at most 80 characters"),
  name: z.string().trim().min(1, "Enter your name").max(80, "Name must be at most 80 characters"),
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  password: z.string().min(10, "Use at least 10 characters").max(200, "Use at most 200 characters"),
});
export type SetupInput = z.infer<typeof SetupSchema>;

export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug.slice(0, 40) || "agency";
}

export async function isFirstRun(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.user.count()) === 0;
}

const ALREADY_SET_UP = "This app is already set up. Sign in instead.";

/**
 * First run: creates the agency and its owner. Refuses once any user exists: first before
 * hashing the password (argon2id, 19 MiB: anyone may call setup, so a set-up app must not
 * hash for them), then again under a lock, so two setup forms submitted together cannot both
 * create an owner.
 */
export async function createFirstAgency(prisma: PrismaClient, input: SetupInput) {
  if (!(await isFirstRun(prisma))) throw new AppError("CONFLICT", ALREADY_SET_UP);
  const passwordHash = await hashPassword(input.password);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7240311906)`;
    if ((await tx.user.count()) > 0) throw new AppError("CONFLICT", ALREADY_SET_UP);
    const agency = await tx.agency.create({
      data: { id: newId("agy"), name: input.agencyName, slug: slugify(input.agencyName) },
    });
    const user = await tx.user.create({
      data: { id: newId("usr"), email: input.email, name: input.name, passwordHash },
    });
    await tx.membership.create({ data: { id: newId("mem"), userId: user.id, agencyId: agency.id, role: "owner" } });
    return { agency, user };
  });
}

/** Adds a user to an agency with a role (seed data and tests). */
export async function addMember(
  prisma: PrismaClient,
  input: { agencyId: string; email: string; name: string; password: string; role: "owner" | "admin" | "member" },
) {
  const user = await prisma.user.upsert({
    where: { email: input.email },
    update: {},
    create: {
      id: newId("usr"),
      email: input.email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
    },
  });
  await prisma.membership.upsert({
    where: { userId_agencyId: { userId: user.id, agencyId: input.agencyId } },
    update: { role: input.role },
    create: { id: newId("mem"), userId: user.id, agencyId: input.agencyId, role: input.role },
  });
  return user;
}
