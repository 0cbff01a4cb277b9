import type { Metadata } from "next";
import Link from "next/link";
import { Plus, Webhook } from "lucide-react";
import { WebhooksTable } from "@/components/webhooks/webhooks-table.tsx";
import { PageHeader } from "@/components/webhooks/page-header.tsx";
import { Button } from "@/components/ui/button.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { requireWebhookManager } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/index.ts";
import { listWebhookItems } from "@/lib/webhooks/logs/webhook-list.ts";

export const metadata: Metadata = { title: "Webhooks · Agency OS" };

export default async function WebhooksPage() {
  const ctx = await requireWebhookManager();
  const webhooks = await listWebhookItems(await db(), { agencyId: ctx.agency.id });
  const add = (
    <Button asChild>
      <Link href="/settings/webhooks/new">
        <Plus aria-hidden /> Add Webhook
      </Link>
    </Button>
  );
  return (
    <div className="grid min-w-0 gap-6 [&>*]:min-w-0">
      <PageHeader
        title="Webhooks"
        description="Send a signed HTTP POST to your endpoints when something happens in Agency OS."
        actions={webhooks.length > 0 ? add : undefined}
      />
      {webhooks.length === 0 ? (
        <EmptyState
          icon={Webhook}
          title="No webhooks yet"
          description="A webhook sends events such as invoice.paid or task.created to a URL you choose, signed so your system can trust them. Add one to connect your CRM, accounting or chat tools."
          action={add}
        />
      ) : (
        <WebhooksTable webhooks={webhooks} />
      )}
    </div>
  );
}
