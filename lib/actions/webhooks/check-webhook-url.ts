"use server";

import { z } from "zod";
import { managerAction } from "@/lib/actions/define-action.ts";
import { config } from "@/lib/config/index.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import { checkUrl } from "@/lib/webhooks/url-guard.ts";

const CheckUrlSchema = z.object({
  url: z.string().trim().min(1, "Enter the endpoint URL").max(2000, "The URL is too long"),
});

/**
 * The URL guard's verdict while the admin types (the save checks again). An unresolvable
 * host is only a warning: DNS for a new endpoint may not exist yet.
 */
export const checkWebhookUrlAction = managerAction(
  { name: "check-webhook-url", input: CheckUrlSchema },
  async ({ url }) => {
    const check = await checkUrl(url, { allowPrivateUrls: config().allowPrivateUrls });
    if (check.ok) return { warning: null };
    if (check.reason === "dns") return { warning: `${check.message}; deliveries will fail until it resolves.` };
    throw new AppError("INVALID_INPUT", check.message, { url: [check.message] });
  },
);
