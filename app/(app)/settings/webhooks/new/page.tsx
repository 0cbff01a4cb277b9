import type { Metadata } from "next";
import { PageHeader } from "@/components/webhooks/page-header.tsx";
import { WebhookForm } from "@/components/webhooks/webhook-form.tsx";
import { requireWebhookManager } from "@/lib/auth/session.ts";
import { generateSecret } from "@/lib/webhooks/webhook-secret.ts";

export const metadata: Metadata = { title: "Add Webhook · Agency OS" };

export default async function NewWebhookPage() {
  await requireWebhookManager();
  // Generated here so the admin can copy it into the receiver before the first delivery.
  const secret = generateSecret();
  return (
    <div className="mx-auto grid max-w-3xl gap-6">
      <PageHeader title="Add Webhook" description="Choose where events go and which events to send." />
      <WebhookForm mode="create" secret={secret} />
    </div>
  );
}
