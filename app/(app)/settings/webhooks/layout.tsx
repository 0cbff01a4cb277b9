import type { ReactNode } from "react";
import { requireWebhookManager } from "@/lib/auth/session.ts";

// Members get the 403 page for every webhook screen; each page and action checks again.
export default async function WebhooksLayout({ children }: { children: ReactNode }) {
  await requireWebhookManager();
  return children;
}
