"use server";

import { z } from "zod";
import { memberAction } from "@/lib/actions/define-action.ts";
import { signOut } from "@/lib/auth/auth.ts";

/** The shell's Sign out button posts its (empty) form here; the user lands on the login page. */
export const signOutAction = memberAction({ name: "sign-out", input: z.unknown() }, async () => {
  await signOut({ redirectTo: "/login" });
});
