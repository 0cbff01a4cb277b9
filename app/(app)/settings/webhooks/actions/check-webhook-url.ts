"use server";

import { z } from "zod";
import type { ActionResult } from "@/lib/action-result.ts";
import { config } from "@/lib/config/index.ts";
import { checkUrl } from "@/lib/webhooks/url-guard.ts";
import { guarded, managerContext } from "./action-guard.ts";

const CheckUrlSchema = z.object({
  url: z.string().trim().min(1, "Enter the endpoint URL").max(2000, "The URL is too long"),
});

/**
 * The URL guard's verdict while the admin types (the save checks again). An unresolvable
 * host is only a warning: DNS for a new endpoint may not exist yet.
 */
export async function checkWebhookUrlAction(
  input: z.input<typeof CheckUrlSchema>,
): Promise<ActionResult<{ warning: string | null }>> {
  return guarded("check-webhook-url", async () => {
    const auth = await managerContext();
    if (!auth.ok) return auth;
    const parsed = CheckUrlSchema.safeParse(input);
    if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Enter the endpoint URL" };
    const check = await checkUrl(parsed.data.url, { allowPrivateUrls: config().allowPrivateUrls });
    if (check.ok) return { ok: true, data: { warning: null } };
    if (check.reason === "dns")
      return { ok: true, data: { warning: `${check.message}; deliveries will fail until it resolves.` } };
    return { ok: false, error: check.message };
  });
}
