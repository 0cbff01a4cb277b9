"use server";

import { z } from "zod";
import { fieldFailure, type ActionResult } from "@/lib/action-result.ts";
import { recordAudit } from "@/lib/audit/record-audit.ts";
import { db } from "@/lib/db/index.ts";
import { retryDelivery } from "@/lib/webhooks/retry-deliveries.ts";
import { guarded, managerContext, refreshWebhookPages } from "./action-guard.ts";
import type { AttemptResultView } from "./attempt-result.ts";

const RetryDeliverySchema = z.object({ webhookId: z.string().min(1), deliveryId: z.string().min(1) });

/** Retry: a new attempt of one delivery now; its result comes back to the screen. */
export async function retryDeliveryAction(
  input: z.input<typeof RetryDeliverySchema>,
): Promise<ActionResult<AttemptResultView>> {
  return guarded("retry-delivery", async () => {
    const auth = await managerContext();
    if (!auth.ok) return auth;
    const parsed = RetryDeliverySchema.safeParse(input);
    if (!parsed.success) return fieldFailure(parsed.error);
    const prisma = await db();
    const agencyId = auth.ctx.agency.id;
    const { webhookId, deliveryId } = parsed.data;
    const delivery = await prisma.delivery.findFirst({
      where: { id: deliveryId, webhookId, agencyId },
      select: { id: true, eventId: true },
    });
    if (!delivery) return { ok: false, error: "This delivery no longer exists, or you do not have access to it." };
    const result = await retryDelivery(prisma, { agencyId, deliveryId });
    // Skips carry their own plain sentence ("already succeeded", "endpoint disabled").
    if (result.kind === "skipped") return { ok: false, error: result.message };
    await recordAudit(prisma, {
      ctx: auth.ctx,
      action: "delivery.retried",
      webhookId,
      details: { deliveryId, eventId: delivery.eventId, statusCode: result.statusCode, ok: result.ok },
    });
    refreshWebhookPages(webhookId);
    return {
      ok: true,
      data: {
        deliveryId,
        ok: result.ok,
        statusCode: result.statusCode,
        responseHeaders: result.responseHeaders,
        responseBody: result.responseBody,
        durationMs: result.durationMs,
        errorMessage: result.errorMessage,
        deliveryStatus: result.deliveryStatus,
      },
    };
  });
}
