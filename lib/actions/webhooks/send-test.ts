"use server";

import { z } from "zod";
import { managerAction } from "@/lib/actions/define-action.ts";
import { recordAudit } from "@/lib/audit/record-audit.ts";
import { toAttemptResultView } from "@/lib/webhooks/attempt-result-view.ts";
import { EVENT_TYPES } from "@/lib/webhooks/event-catalog.ts";
import { sendTestPayload } from "@/lib/webhooks/send-test-payload.ts";
import { webhookPages } from "./webhook-pages.ts";

const SendTestSchema = z.object({
  id: z.string().min(1),
  eventType: z.enum(EVENT_TYPES, "Choose an event type"),
  // Validated against the event type's own schema by sendTestPayload.
  data: z.unknown(),
});

/** Test: one signed POST of the (edited) sample to this endpoint only; the response comes back at once. */
export const sendTestAction = managerAction(
  { name: "send-test", input: SendTestSchema, revalidate: ({ id }) => webhookPages(id) },
  async ({ id, eventType, data }, { prisma, ctx, agencyId }) => {
    const attempt = await sendTestPayload(prisma, { agencyId, webhookId: id, eventType, data });
    await recordAudit(prisma, {
      ctx,
      action: "webhook.test_sent",
      webhookId: id,
      details: { eventType, deliveryId: attempt.deliveryId, statusCode: attempt.statusCode },
    });
    return toAttemptResultView(attempt);
  },
);
