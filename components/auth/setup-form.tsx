"use client";

import { useActionState } from "react";
import { completeSetupAction, type SetupFormState } from "@/lib/actions/auth/complete-setup.ts";
import { Button } from "@/components/ui/button.tsx";
import { Input } from "@/components/ui/input.tsx";
import { Label } from "@/components/ui/label.tsx";
import { FormMessage } from "./form-message.tsx";

const FIELDS = [
  { name: "agencyName", label: "Agency name", type: "text", autoComplete: "organization" },
  { name: "name", label: "Your name", type: "text", autoComplete: "name" },
  { name: "email", label: "Email", type: "email", autoComplete: "email" },
  { name: "password", label: "Password (at least 10 characters)", type: "password", autoComplete: "new-password" },
] as const;

const INITIAL: SetupFormState = { error: null, fieldErrors: {}, values: { agencyName: "", name: "", email: "" } };

/**
 * A real `<form action>` (as the login form): it works before hydration. Uncontrolled fields that
 * React resets after each submit to what the action hands back, so a refusal keeps what was typed.
 */
export function SetupForm() {
  const [state, formAction, pending] = useActionState(completeSetupAction, INITIAL);

  return (
    <form action={formAction} className="grid gap-4" noValidate>
      {FIELDS.map((f) => {
        const message = state.fieldErrors[f.name]?.[0];
        return (
          <div key={f.name} className="grid gap-2">
            <Label htmlFor={f.name}>{f.label}</Label>
            <Input
              id={f.name}
              name={f.name}
              type={f.type}
              autoComplete={f.autoComplete}
              defaultValue={f.name === "password" ? undefined : state.values[f.name]}
              aria-invalid={message ? true : undefined}
              aria-describedby={message ? `${f.name}-error` : undefined}
            />
            {message ? (
              <p id={`${f.name}-error`} className="text-sm text-destructive">
                {message}
              </p>
            ) : null}
          </div>
        );
      })}
      <FormMessage message={state.error} />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create agency"}
      </Button>
    </form>
  );
}
