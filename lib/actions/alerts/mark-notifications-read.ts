"use server";

import { z } from "zod";
import { memberAction } from "@/lib/actions/define-action.ts";
import { markNotificationsRead } from "@/lib/alerts/notifications.ts";

const MarkNotificationsReadSchema = z.object({ ids: z.array(z.string().min(1).max(100)).min(1).max(100).optional() });

/** One notification (or, without ids, every one) of the signed-in person in this agency. */
export const markNotificationsReadAction = memberAction(
  { name: "mark-notifications-read", input: MarkNotificationsReadSchema },
  async ({ ids }, { prisma, ctx, agencyId }) => markNotificationsRead(prisma, { userId: ctx.user.id, agencyId, ids }),
);
