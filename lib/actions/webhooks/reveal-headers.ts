"use server";

import { z } from "zod";
import { managerAction } from "@/lib/actions/define-action.ts";
import { actorOf } from "@/lib/audit/record-audit.ts";
import { revealHeadersAudited } from "@/lib/webhooks/audited/webhook-changes.ts";

const RevealHeadersSchema = z.object({
  id: z.string().min(1).max(100),
  /** One attempt's sent values (the delivery sheet); without it, the endpoint's current ones. */
  attemptId: z.string().min(1).max(100).optional(),
});

/** "Reveal values" of custom headers, shown masked everywhere else; each reveal is on record. */
export const revealHeadersAction = managerAction(
  { name: "reveal-headers", input: RevealHeadersSchema },
  async ({ id, attemptId }, { prisma, ctx }) =>
    revealHeadersAudited(prisma, { actor: actorOf(ctx), webhookId: id, attemptId }),
);
