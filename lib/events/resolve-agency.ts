import type { PrismaClient } from "@/lib/db/generated/client.ts";

/** An agency by ID or slug; with neither, the only agency there is. */
export async function resolveAgency(
  prisma: PrismaClient,
  idOrSlug?: string,
): Promise<{ ok: true; id: string; name: string } | { ok: false; error: string }> {
  if (idOrSlug) {
    const agency = await prisma.agency.findFirst({ where: { OR: [{ id: idOrSlug }, { slug: idOrSlug }] } });
    return agency
      ? { ok: true, id: agency.id, name: agency.name }
      : { ok: false, error: `No agency with ID or slug "${idOrSlug}"` };
  }
  const agencies = await prisma.agency.findMany({ take: 20, orderBy: { createdAt: "asc" } });
  if (agencies.length === 1) return { ok: true, id: agencies[0].id, name: agencies[0].name };
  if (agencies.length === 0) return { ok: false, error: "There is no agency yet: open /setup or run npm run db:seed" };
  return { ok: false, error: `Choose an agency with --agency: ${agencies.map((a) => a.slug).join(", ")}` };
}
