"use server";

import { z } from "zod";
import { memberAction } from "@/lib/actions/define-action.ts";
import { recordAudit } from "@/lib/audit/record-audit.ts";
import { signOut } from "@/lib/auth/auth.ts";
import { endSessionsOfUser } from "@/lib/auth/user-sessions.ts";

/** Account → Sign out everywhere: every session of the user ends, this one included (a lost laptop, a copied cookie). */
export const signOutEverywhereAction = memberAction(
  { name: "sign-out-everywhere", input: z.unknown() },
  async (_input, { prisma, ctx }) => {
    const { ended } = await endSessionsOfUser(prisma, ctx.user.id);
    await recordAudit(prisma, {
      ctx,
      target: { type: "user", id: ctx.user.id },
      action: "user.signed_out_everywhere",
      details: { endedSessions: ended },
    });
    await signOut({ redirectTo: "/login" });
  },
);
