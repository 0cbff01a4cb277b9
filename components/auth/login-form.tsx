"use client";

import { useActionState } from "react";
import { signInAction, type SignInFormState } from "@/lib/actions/auth/sign-in.ts";
import { Button } from "@/components/ui/button.tsx";
import { Input } from "@/components/ui/input.tsx";
import { Label } from "@/components/ui/label.tsx";
import { FormMessage } from "./form-message.tsx";

const INITIAL: SignInFormState = { error: null, email: "" };

/**
 * A real `<form action>` bound to the server action through useActionState: a click before
 * hydration (or with JavaScript off) posts the form to the server like any HTML form, and the
 * server renders the refusal into the page. Uncontrolled fields: React resets the form after
 * each submit, to the email the action hands back (the password is typed again).
 */
export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, formAction, pending] = useActionState(signInAction, INITIAL);

  return (
    <form action={formAction} className="grid gap-4" noValidate>
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <div className="grid gap-2">
        <Label htmlFor="email">Email</Label>
        <Input id="email" name="email" type="email" autoComplete="email" required defaultValue={state.email} />
      </div>
      <div className="grid gap-2">
        <Label htmlFor="password">Password</Label>
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <FormMessage message={state.error} />
      <Button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
