import type { PrismaClient } from "@/lib/db/generated/client.ts";

export type Role = "owner" | "admin" | "member";

export type AgencyContext = {
  user: { id: string; email: string; name: string };
  agency: { id: string; name: string; slug: string };
  role: Role;
  memberships: { agencyId: string; agencyName: string; role: Role }[];
};

export const MANAGER_ROLES: readonly Role[] = ["owner", "admin"];

export function canManageWebhooks(role: Role): boolean {
  return MANAGER_ROLES.includes(role);
}

/**
 * Loads the signed-in user's agency and role from the database on every request, so a
 * changed role or a removed account takes effect at once rather than when the cookie expires.
 */
export async function loadAgencyContext(
  prisma: PrismaClient,
  userId: string,
  preferredAgencyId?: string,
): Promise<AgencyContext | null> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    include: { memberships: { include: { agency: true }, orderBy: { createdAt: "asc" } } },
  });
  if (!user || user.memberships.length === 0) return null;
  const current = user.memberships.find((m) => m.agencyId === preferredAgencyId) ?? user.memberships[0];
  return {
    user: { id: user.id, email: user.email, name: user.name },
    agency: { id: current.agency.id, name: current.agency.name, slug: current.agency.slug },
    role: current.role,
    memberships: user.memberships.map((m) => ({ agencyId: m.agencyId, agencyName: m.agency.name, role: m.role })),
  };
}
