import type { Metadata } from "next";
import { PageHeader } from "@/components/webhooks/page-header.tsx";
import { WebhookForm } from "@/components/webhooks/webhook-form.tsx";
import { requireWebhookManager } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/index.ts";
import { foundOr404 } from "@/lib/http/found-or-404.ts";
import { getWebhook } from "@/lib/webhooks/webhook-repo.ts";

export const metadata: Metadata = { title: "Edit webhook · Agency OS" };

export default async function EditWebhookPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireWebhookManager();
  const { id } = await params;
  const webhook = await foundOr404(getWebhook(await db(), { agencyId: ctx.agency.id, webhookId: id }));
  return (
    <div className="mx-auto grid max-w-3xl gap-6">
      <PageHeader title={`Edit ${webhook.name}`} description="Changes apply to the next delivery." />
      <WebhookForm
        mode="edit"
        webhookId={webhook.id}
        initial={{ name: webhook.name, url: webhook.url, events: webhook.events, headers: webhook.headers }}
      />
    </div>
  );
}
