import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { addMember } from "@/lib/agencies/create-agency.ts";
import { newId } from "@/lib/ids.ts";
import { EVENT_TYPES } from "@/lib/webhooks/event-catalog.ts";
import { createWebhook, revealSecret } from "@/lib/webhooks/webhook-repo.ts";

export const DEMO_PASSWORD = "demo-password-1";
// Where `npm run receiver` listens by default (tests point it at their own receiver).
export const DEMO_RECEIVER_URL = process.env.SEED_RECEIVER_URL ?? "http://127.0.0.1:4000/webhooks";

// upsert, not find-then-create: the seed may run while the app (or a second seed) is running.
function ensureAgency(prisma: PrismaClient, name: string, slug: string) {
  return prisma.agency.upsert({ where: { slug }, update: {}, create: { id: newId("agy"), name, slug } });
}

async function ensureDemoWebhook(prisma: PrismaClient, agencyId: string): Promise<string> {
  const existing = await prisma.webhook.findFirst({ where: { agencyId, url: DEMO_RECEIVER_URL } });
  if (existing) return revealSecret(prisma, { agencyId, webhookId: existing.id });
  const created = await createWebhook(prisma, {
    agencyId,
    allowPrivateUrls: true,
    input: { name: "Local receiver", url: DEMO_RECEIVER_URL, events: [...EVENT_TYPES] },
  });
  return created.secret;
}

/**
 * The demo agency Northwind with its owner, admin and member and a webhook to the local receiver.
 * One agency on purpose: `npm run emit` without --agency then knows which one is meant. The
 * suites' cross-agency checks add a second agency, Globex, with `secondAgency` (the seed's
 * --with-second-agency). Idempotent: running it again, even while the app runs, changes nothing.
 */
export async function seedDemo(prisma: PrismaClient, options: { secondAgency?: boolean } = {}) {
  const agency = await ensureAgency(prisma, "Northwind Creative", "northwind");
  const users = [
    { agencyId: agency.id, email: "owner@northwind.test", name: "Olivia Owner", role: "owner" as const },
    { agencyId: agency.id, email: "admin@northwind.test", name: "Adam Admin", role: "admin" as const },
    { agencyId: agency.id, email: "member@northwind.test", name: "Mia Member", role: "member" as const },
  ];
  const otherAgency = options.secondAgency ? await ensureAgency(prisma, "Globex Studio", "globex") : undefined;
  if (otherAgency) {
    users.push({ agencyId: otherAgency.id, email: "admin@globex.test", name: "Gloria Globex", role: "admin" as const });
    // Whose password and sessions the session suite changes and ends, so no other suite's account is touched.
    users.push({
      agencyId: agency.id,
      email: "sessions@northwind.test",
      name: "Sam Sessions",
      role: "member" as const,
    });
  }
  for (const u of users) await addMember(prisma, { ...u, password: DEMO_PASSWORD });
  const demoSecret = await ensureDemoWebhook(prisma, agency.id);
  return { agency, otherAgency, demoSecret };
}
