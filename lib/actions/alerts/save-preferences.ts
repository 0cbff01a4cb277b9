"use server";

import { memberAction } from "@/lib/actions/define-action.ts";
import { PreferencesSchema, savePreferences } from "@/lib/alerts/preferences.ts";

/** The signed-in person's own alert emails, locale and time zone: nobody else's. */
export const savePreferencesAction = memberAction(
  {
    name: "save-preferences",
    input: PreferencesSchema.partial(),
    invalidMessage: "Check the highlighted fields.",
    revalidate: () => ["/account", "/settings/notifications"],
  },
  async (input, { prisma, ctx }) => savePreferences(prisma, ctx.user.id, input),
);
