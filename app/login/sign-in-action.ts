"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { fieldFailure, type ActionResult } from "@/lib/action-result.ts";
import { signIn } from "@/lib/auth/auth.ts";
import { safeCallbackPath } from "@/lib/auth/safe-callback.ts";
import { SignInSchema } from "@/lib/auth/verify-credentials.ts";

const MESSAGES: Record<string, string> = {
  rate_limited: "Too many failed sign-ins. Wait 15 minutes, then try again.",
  credentials: "Wrong email or password.",
};

export async function signInAction(input: {
  email: string;
  password: string;
  callbackUrl?: string;
}): Promise<ActionResult> {
  const parsed = SignInSchema.safeParse(input);
  if (!parsed.success) return fieldFailure(parsed.error, "Enter your email and password.");
  try {
    const url = await signIn("credentials", { ...parsed.data, redirect: false });
    const code =
      new URL(url, "http://local").searchParams.get("code") ?? new URL(url, "http://local").searchParams.get("error");
    if (code) return { ok: false, error: MESSAGES[code] ?? MESSAGES.credentials };
  } catch (err) {
    if (err instanceof AuthError) {
      const code = (err as AuthError & { code?: string }).code ?? "credentials";
      return { ok: false, error: MESSAGES[code] ?? MESSAGES.credentials };
    }
    throw err;
  }
  redirect(safeCallbackPath(input.callbackUrl));
}
