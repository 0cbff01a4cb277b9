import "server-only";
import { revalidatePath } from "next/cache";
import { failure } from "@/lib/action-result.ts";
import { canManageWebhooks, type AgencyContext } from "@/lib/auth/agency-context.ts";
import { requireContext } from "@/lib/auth/session.ts";

export const NOT_FOUND = "This webhook no longer exists, or you do not have access to it.";
const UNEXPECTED = "Something went wrong on our side. Try again; if it keeps failing, contact your operator.";

/** Signed in (else the login page) and an owner or admin of the current agency. */
export async function managerContext(): Promise<{ ok: true; ctx: AgencyContext } | { ok: false; error: string }> {
  const ctx = await requireContext();
  if (!canManageWebhooks(ctx.role)) return failure("Only agency owners and admins can manage webhooks.");
  return { ok: true, ctx };
}

/**
 * Runs an action's body; an unexpected error is logged by name and message only (never the
 * input, which can hold a secret) and the user gets a friendly sentence instead.
 */
export async function guarded<T>(name: string, body: () => Promise<T>): Promise<T | { ok: false; error: string }> {
  try {
    return await body();
  } catch (err) {
    // redirect() and notFound() signal by throwing; let Next handle them.
    if (
      err &&
      typeof err === "object" &&
      "digest" in err &&
      typeof (err as { digest: unknown }).digest === "string" &&
      /^NEXT_/.test((err as { digest: string }).digest)
    )
      throw err;
    console.error(
      `[webhooks] action ${name} failed:`,
      err instanceof Error ? `${err.name}: ${err.message}` : "unknown error",
    );
    return failure(UNEXPECTED);
  }
}

export function refreshWebhookPages(webhookId?: string): void {
  revalidatePath("/settings/webhooks");
  if (webhookId) revalidatePath(`/settings/webhooks/${webhookId}`);
}
