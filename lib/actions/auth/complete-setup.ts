"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { publicAction } from "@/lib/actions/define-action.ts";
import { createFirstAgency, isFirstRun, SetupSchema } from "@/lib/agencies/create-agency.ts";
import { signIn } from "@/lib/auth/auth.ts";
import { clientAddress } from "@/lib/auth/client-address.ts";
import { admitSetup } from "@/lib/auth/login-limits.ts";
import { waitInWords } from "@/lib/auth/sign-in-refusal.ts";
import { AppError, type FieldErrors } from "@/lib/errors/app-error.ts";

// Anyone may call setup, and it hashes a password (argon2id): a set-up app refuses before any
// hashing (createFirstAgency), and before setup each address gets so many tries per window.
const completeSetup = publicAction({ name: "complete-setup", input: SetupSchema }, async (input, { prisma }) => {
  if (await isFirstRun(prisma)) {
    const throttled = await admitSetup(prisma, clientAddress(await headers()));
    if (throttled) {
      throw new AppError("RATE_LIMITED", `Too many setup attempts. Wait ${waitInWords(throttled.retryInSeconds)}.`);
    }
  }
  await createFirstAgency(prisma, input);
  await signIn("credentials", { email: input.email, password: input.password, redirect: false });
  redirect("/");
});

const FIELDS = ["agencyName", "name", "email", "password"] as const;

/** What the setup form shows after a refusal: the messages, and what was typed (but the password). */
export type SetupFormState = {
  error: string | null;
  fieldErrors: FieldErrors;
  values: { agencyName: string; name: string; email: string };
};

/**
 * First run: the agency and its owner, then the owner is signed in. Shaped for useActionState so
 * that the setup form is a real `<form action>` and works before the page hydrates.
 */
export async function completeSetupAction(_previous: SetupFormState, form: FormData): Promise<SetupFormState> {
  const input = Object.fromEntries(
    FIELDS.map((f) => {
      const value = form.get(f);
      return [f, typeof value === "string" ? value : ""];
    }),
  ) as Record<(typeof FIELDS)[number], string>;
  const result = await completeSetup(input);
  // On success the action redirected (thrown through); here the input was refused.
  return {
    error: result.ok ? null : result.error,
    fieldErrors: result.ok ? {} : (result.fieldErrors ?? {}),
    values: { agencyName: input.agencyName, name: input.name, email: input.email },
  };
}
