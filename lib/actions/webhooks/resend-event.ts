"use server";

import { managerAction } from "@/lib/actions/define-action.ts";
import { actorOf } from "@/lib/audit/record-audit.ts";
import { resendEvent } from "@/lib/webhooks/recovery/resend-event.ts";
import { ResendEventSchema } from "./schemas.ts";

/** Resend an event to every endpoint it went to, or to the chosen ones: new deliveries, marked as resent. */
export const resendEventAction = managerAction(
  { name: "resend-event", input: ResendEventSchema, revalidate: () => ["/settings/webhooks/deliveries"] },
  async ({ eventId, webhookIds }, { prisma, ctx }) => resendEvent(prisma, { actor: actorOf(ctx), eventId, webhookIds }),
);
