import type { Metadata } from "next";
import { AgencyDeliveries } from "@/components/webhooks/agency-deliveries.tsx";
import { PageHeader } from "@/components/webhooks/page-header.tsx";
import { requireWebhookManager } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/index.ts";

export const metadata: Metadata = { title: "Deliveries · Agency OS" };
export const dynamic = "force-dynamic";

/** Settings → Webhooks → Deliveries: every endpoint's deliveries in one log. */
export default async function DeliveriesPage() {
  const ctx = await requireWebhookManager();
  const prisma = await db();
  const webhooks = await prisma.webhook.findMany({
    where: { agencyId: ctx.agency.id },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
  return (
    <div className="grid min-w-0 gap-6 [&>*]:min-w-0">
      <PageHeader
        title="Deliveries"
        description="Every delivery to every webhook of your agency. Filter, search by event ID or by a value in the payload, and export what you see as CSV."
      />
      <AgencyDeliveries webhooks={webhooks} />
    </div>
  );
}
