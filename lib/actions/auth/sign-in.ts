"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { publicAction } from "@/lib/actions/define-action.ts";
import { signIn } from "@/lib/auth/auth.ts";
import { safeCallbackPath } from "@/lib/auth/safe-callback.ts";
import { SignInSchema } from "@/lib/auth/verify-credentials.ts";
import { signInRefusal as refused } from "@/lib/auth/sign-in-refusal.ts";

const SignInActionSchema = SignInSchema.extend({ callbackUrl: z.string().max(2000).optional() });

const signInWithCredentials = publicAction(
  { name: "sign-in", input: SignInActionSchema, invalidMessage: "Enter your email and password." },
  async ({ email, password, callbackUrl }) => {
    let url: string;
    try {
      url = await signIn("credentials", { email, password, redirect: false });
    } catch (err) {
      if (err instanceof AuthError) throw refused((err as AuthError & { code?: string }).code);
      throw err;
    }
    const params = new URL(url, "http://local").searchParams;
    const code = params.get("code") ?? params.get("error");
    if (code) throw refused(code);
    redirect(safeCallbackPath(callbackUrl));
  },
);

/** What the login form shows after a refused sign-in: the sentence, and the email to type again. */
export type SignInFormState = { error: string | null; email: string };

// Fields the form posts; anything else in the FormData (React's own $ACTION_ entries) is ignored.
const field = (form: unknown, name: string) => {
  // A hand-made call may send anything in place of the form: then the fields are simply missing.
  const value = form instanceof FormData ? form.get(name) : undefined;
  return typeof value === "string" ? value : undefined;
};

/**
 * The login form's action, shaped for useActionState so that the form is a real
 * `<form action>`: it signs in even before the page hydrates (or with JavaScript off), and
 * the refusal is rendered by the server into the page it answers with.
 */
export async function signInAction(_previous: SignInFormState, form: FormData): Promise<SignInFormState> {
  const email = field(form, "email") ?? "";
  const result = await signInWithCredentials({
    email,
    password: field(form, "password") ?? "",
    callbackUrl: field(form, "callbackUrl") || undefined,
  });
  // On success the action redirected (thrown through); here the sign-in was refused.
  return { error: result.ok ? null : result.error, email: email.slice(0, 254) };
}
