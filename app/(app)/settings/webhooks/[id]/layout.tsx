import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { requireWebhookManager } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/index.ts";
import { getWebhook } from "@/lib/webhooks/webhook-repo.ts";

// Checked here, outside the pages' loading boundaries, so a missing webhook (or another
// agency's: every lookup is scoped to the signed-in agency) answers with a real 404.
export default async function WebhookLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const ctx = await requireWebhookManager();
  const { id } = await params;
  if (!(await getWebhook(await db(), { agencyId: ctx.agency.id, webhookId: id }))) notFound();
  return children;
}
