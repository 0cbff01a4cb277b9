import { redirect } from "next/navigation";
import { canManageWebhooks } from "@/lib/auth/agency-context.ts";
import { requireContext } from "@/lib/auth/session.ts";

// Owners and admins start in Settings → Webhooks; members, who cannot manage them, on their account.
export default async function Home() {
  const ctx = await requireContext();
  redirect(canManageWebhooks(ctx.role) ? "/settings/webhooks" : "/account");
}
