"use server";

import { z } from "zod";
import { fieldFailure, type ActionResult } from "@/lib/action-result.ts";
import { recordAudit } from "@/lib/audit/record-audit.ts";
import { db } from "@/lib/db/index.ts";
import { EVENT_TYPES } from "@/lib/webhooks/event-catalog.ts";
import { sendTestPayload } from "@/lib/webhooks/send-test-payload.ts";
import { getWebhook } from "@/lib/webhooks/webhook-repo.ts";
import { guarded, managerContext, NOT_FOUND, refreshWebhookPages } from "./action-guard.ts";
import type { AttemptResultView } from "./attempt-result.ts";

const SendTestSchema = z.object({
  id: z.string().min(1),
  eventType: z.enum(EVENT_TYPES, "Choose an event type"),
  // Validated against the event type's own schema by sendTestPayload.
  data: z.unknown(),
});

/** Test: one signed POST of the (edited) sample to this endpoint only; the response comes back at once. */
export async function sendTestAction(input: z.input<typeof SendTestSchema>): Promise<ActionResult<AttemptResultView>> {
  return guarded("send-test", async () => {
    const auth = await managerContext();
    if (!auth.ok) return auth;
    const parsed = SendTestSchema.safeParse(input);
    if (!parsed.success) return fieldFailure(parsed.error);
    const prisma = await db();
    const agencyId = auth.ctx.agency.id;
    if (!(await getWebhook(prisma, { agencyId, webhookId: parsed.data.id }))) return { ok: false, error: NOT_FOUND };
    const result = await sendTestPayload(prisma, {
      agencyId,
      webhookId: parsed.data.id,
      eventType: parsed.data.eventType,
      data: parsed.data.data,
    });
    // The only refusals left are validation messages ("data.amount: …"), safe to show.
    if (!result.ok) return { ok: false, error: result.error, fieldErrors: { data: [result.error] } };
    const a = result.attempt;
    await recordAudit(prisma, {
      ctx: auth.ctx,
      action: "webhook.test_sent",
      webhookId: parsed.data.id,
      details: { eventType: parsed.data.eventType, deliveryId: a.deliveryId, statusCode: a.statusCode },
    });
    refreshWebhookPages(parsed.data.id);
    return {
      ok: true,
      data: {
        deliveryId: a.deliveryId,
        ok: a.ok,
        statusCode: a.statusCode,
        responseHeaders: a.responseHeaders,
        responseBody: a.responseBody,
        durationMs: a.durationMs,
        errorMessage: a.errorMessage,
        deliveryStatus: a.deliveryStatus,
      },
    };
  });
}
