import type { ReactNode } from "react";
import { requireWebhookManager } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/index.ts";
import { foundOr404 } from "@/lib/http/found-or-404.ts";
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
  await foundOr404(getWebhook(await db(), { agencyId: ctx.agency.id, webhookId: id }));
  return children;
}
