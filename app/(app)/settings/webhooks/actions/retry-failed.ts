"use server";

import { z } from "zod";
import { fieldFailure, type ActionResult } from "@/lib/action-result.ts";
import { recordAudit } from "@/lib/audit/record-audit.ts";
import { db } from "@/lib/db/index.ts";
import { retryFailedDeliveries, type RetryFailedResult } from "@/lib/webhooks/retry-deliveries.ts";
import { getWebhook } from "@/lib/webhooks/webhook-repo.ts";
import { RETRY_RANGES, RetryFailedSchema } from "./retry-ranges.ts";
import { guarded, managerContext, NOT_FOUND, refreshWebhookPages } from "./action-guard.ts";

/** Retry Failed: every failed delivery of one endpoint in the chosen time range gets an attempt now. */
export async function retryFailedAction(
  input: z.input<typeof RetryFailedSchema>,
): Promise<ActionResult<RetryFailedResult>> {
  return guarded("retry-failed", async () => {
    const auth = await managerContext();
    if (!auth.ok) return auth;
    const parsed = RetryFailedSchema.safeParse(input);
    if (!parsed.success) return fieldFailure(parsed.error);
    const prisma = await db();
    const agencyId = auth.ctx.agency.id;
    const { webhookId, range } = parsed.data;
    const webhook = await getWebhook(prisma, { agencyId, webhookId });
    if (!webhook) return { ok: false, error: NOT_FOUND };
    if (webhook.status !== "active")
      return { ok: false, error: "Enable this webhook first: a disabled webhook gets no deliveries or retries." };
    const to = new Date();
    const from = new Date(to.getTime() - RETRY_RANGES[range].ms);
    const result = await retryFailedDeliveries(prisma, { agencyId, webhookId, from, to });
    await recordAudit(prisma, {
      ctx: auth.ctx,
      action: "delivery.retried_failed",
      webhookId,
      details: { range, matched: result.matched, attempted: result.attempted, succeeded: result.succeeded },
    });
    refreshWebhookPages(webhookId);
    return { ok: true, data: result };
  });
}
