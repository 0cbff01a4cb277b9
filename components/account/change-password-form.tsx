"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { changePasswordAction } from "@/lib/actions/account/change-password.ts";
import type { FieldErrors } from "@/lib/errors/app-error.ts";
import { Button } from "@/components/ui/button.tsx";
import { Field, FieldControl, FieldError, FieldLabel } from "@/components/ui/field.tsx";
import { Input } from "@/components/ui/input.tsx";

/** Change password: this browser stays signed in; every other session of the user ends. */
export function ChangePasswordForm() {
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [errors, setErrors] = useState<{ message?: string; fields?: FieldErrors }>({});
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = await changePasswordAction({ currentPassword, newPassword });
      if (!result.ok) return setErrors({ message: result.error, fields: result.fieldErrors });
      setErrors({});
      setCurrentPassword("");
      setNewPassword("");
      const others = result.data.endedSessions;
      toast.success(
        others === 0
          ? "Password changed"
          : `Password changed; ${others} other session${others === 1 ? "" : "s"} signed out`,
      );
    });
  }

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate aria-label="Change password">
      {errors.message && (
        <p className="text-sm text-destructive" data-testid="change-password-error">
          {errors.message}
        </p>
      )}
      <Field>
        <FieldLabel>Current password</FieldLabel>
        <FieldControl>
          <Input
            type="password"
            autoComplete="current-password"
            value={currentPassword}
            onChange={(e) => setCurrentPassword(e.target.value)}
          />
        </FieldControl>
        <FieldError errors={errors.fields?.currentPassword} />
      </Field>
      <Field>
        <FieldLabel>New password</FieldLabel>
        <FieldControl>
          <Input
            type="password"
            autoComplete="new-password"
            value={newPassword}
            onChange={(e) => setNewPassword(e.target.value)}
          />
        </FieldControl>
        <FieldError errors={errors.fields?.newPassword} />
      </Field>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Changing…" : "Change password"}
        </Button>
      </div>
    </form>
  );
}
