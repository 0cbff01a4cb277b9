"use server";

import { headers } from "next/headers";
import { memberAction } from "@/lib/actions/define-action.ts";
import { recordAudit } from "@/lib/audit/record-audit.ts";
import { changePassword, ChangePasswordSchema } from "@/lib/auth/change-password.ts";
import { clientAddress } from "@/lib/auth/client-address.ts";
import { currentSessionId } from "@/lib/auth/session.ts";

/** Account → Change password: this session stays signed in, every other one of the user's ends. */
export const changePasswordAction = memberAction(
  { name: "change-password", input: ChangePasswordSchema, invalidMessage: "Check the passwords below." },
  async (input, { prisma, ctx }) => {
    const result = await changePassword(prisma, {
      user: ctx.user,
      input,
      address: clientAddress(await headers()),
      keepSessionId: await currentSessionId(),
    });
    await recordAudit(prisma, {
      ctx,
      target: { type: "user", id: ctx.user.id },
      action: "user.password_changed",
      details: { endedSessions: result.endedSessions },
    });
    return result;
  },
);
