import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { EndpointFailingBanner } from "@/components/alerts/endpoint-failing-banner.tsx";
import { AuditLogList } from "@/components/webhooks/audit-log-list.tsx";
import { DeliveryStatsCard } from "@/components/webhooks/delivery-stats-card.tsx";
import { PageHeader } from "@/components/webhooks/page-header.tsx";
import { WebhookDetailActions } from "@/components/webhooks/webhook-detail-actions.tsx";
import { WebhookDetailTabs } from "@/components/webhooks/webhook-detail-tabs.tsx";
import { WebhookOverviewCard } from "@/components/webhooks/webhook-overview-card.tsx";
import { WebhookSecretCard } from "@/components/webhooks/webhook-secret-card.tsx";
import { failingEndpoint } from "@/lib/alerts/notifications.ts";
import { listAuditForWebhook } from "@/lib/audit/list-audit.ts";
import { requireWebhookManager } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/index.ts";
import { foundOr404 } from "@/lib/http/found-or-404.ts";
import { deliveryStats } from "@/lib/webhooks/logs/delivery-stats.ts";
import { toWebhookItem } from "@/lib/webhooks/logs/webhook-list.ts";
import { getWebhook } from "@/lib/webhooks/webhook-repo.ts";

export const metadata: Metadata = { title: "Webhook · Agency OS" };

export default async function WebhookDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireWebhookManager();
  const { id } = await params;
  const prisma = await db();
  const agencyId = ctx.agency.id;
  // Scoped by agency: another agency's ID is simply not found.
  const view = await foundOr404(getWebhook(prisma, { agencyId, webhookId: id }));
  const [stats, audit, failing] = await Promise.all([
    deliveryStats(prisma, { agencyId, webhookId: id }),
    listAuditForWebhook(prisma, { agencyId, webhookId: id }),
    failingEndpoint(prisma, { agencyId, webhook: view }),
  ]);
  const webhook = toWebhookItem(view);
  return (
    <div className="grid min-w-0 gap-6 [&>*]:min-w-0">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/settings/webhooks" className="text-muted-foreground underline-offset-4 hover:underline">
          Webhooks
        </Link>
      </nav>
      <PageHeader
        title={webhook.name}
        actions={<WebhookDetailActions webhook={{ id: webhook.id, name: webhook.name }} />}
      />
      {failing ? <EndpointFailingBanner webhookId={webhook.id} {...failing} /> : null}
      <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        <WebhookOverviewCard webhook={webhook} />
        <WebhookSecretCard webhookId={webhook.id} previousSecretUntil={webhook.previousSecretUntil} />
        <DeliveryStatsCard stats={stats} />
        <AuditLogList entries={audit} />
      </div>
      <Suspense>
        <WebhookDetailTabs webhookId={webhook.id} events={webhook.events} active={webhook.status === "active"} />
      </Suspense>
    </div>
  );
}
