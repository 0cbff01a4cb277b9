"use server";

import { memberAction } from "@/lib/actions/define-action.ts";
import { savePreferences } from "@/lib/alerts/preferences.ts";
import { DisplayPrefsSchema } from "@/lib/i18n/display-prefs-schema.ts";

/** Account → Dates and numbers: the signed-in person's own locale and time zone ("" = the browser's). */
export const saveDisplayPrefsAction = memberAction(
  {
    name: "save-display-prefs",
    input: DisplayPrefsSchema,
    invalidMessage: "Choose a language and a time zone from the lists.",
    // The form refreshes the router too: the app shell (every screen's dates) reads the choice.
    revalidate: () => ["/account"],
  },
  async (input, { prisma, ctx }) => {
    const saved = await savePreferences(prisma, ctx.user.id, input);
    return { locale: saved.locale, timeZone: saved.timeZone };
  },
);
