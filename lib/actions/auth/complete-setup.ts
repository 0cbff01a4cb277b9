"use server";

import { redirect } from "next/navigation";
import { publicAction } from "@/lib/actions/define-action.ts";
import { createFirstAgency, SetupSchema } from "@/lib/agencies/create-agency.ts";
import { signIn } from "@/lib/auth/auth.ts";

/** First run: the agency and its owner, then the owner is signed in. */
export const completeSetupAction = publicAction(
  { name: "complete-setup", input: SetupSchema },
  async (input, { prisma }) => {
    await createFirstAgency(prisma, input);
    await signIn("credentials", { email: input.email, password: input.password, redirect: false });
    redirect("/");
  },
);
