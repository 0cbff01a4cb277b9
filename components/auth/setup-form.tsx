"use client";

import { useState, useTransition } from "react";
import { completeSetupAction } from "@/lib/actions/auth/complete-setup.ts";
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

type Values = Record<(typeof FIELDS)[number]["name"], string>;

export function SetupForm() {
  const [values, setValues] = useState<Values>({ agencyName: "", name: "", email: "", password: "" });
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = await completeSetupAction(values);
      if (result && !result.ok) {
        setError(result.error);
        setFieldErrors(result.fieldErrors ?? {});
      }
    });
  }

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      {FIELDS.map((f) => {
        const message = fieldErrors[f.name]?.[0];
        return (
          <div key={f.name} className="grid gap-2">
            <Label htmlFor={f.name}>{f.label}</Label>
            <Input
              id={f.name}
              type={f.type}
              autoComplete={f.autoComplete}
              value={values[f.name]}
              aria-invalid={message ? true : undefined}
              aria-describedby={message ? `${f.name}-error` : undefined}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
            />
            {message ? (
              <p id={`${f.name}-error`} className="text-sm text-destructive">
                {message}
              </p>
            ) : null}
          </div>
        );
      })}
      <FormMessage message={error} />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create agency"}
      </Button>
    </form>
  );
}
