"use server";

import { memberAction } from "@/lib/actions/define-action.ts";
import { AlertEmailsSchema, savePreferences } from "@/lib/alerts/preferences.ts";

/**
 * The signed-in person's own alert emails: nobody else's. Locale and time zone are saved by
 * Account's saveDisplayPrefsAction; sent here, they are dropped with any other unknown field.
 */
export const savePreferencesAction = memberAction(
  {
    name: "save-preferences",
    input: AlertEmailsSchema,
    invalidMessage: "Check the highlighted fields.",
    revalidate: () => ["/settings/notifications"],
  },
  async (input, { prisma, ctx }) => {
    const saved = await savePreferences(prisma, ctx.user.id, input);
    return { alertEmails: saved.alertEmails };
  },
);
