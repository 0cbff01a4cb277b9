"use client";

import { useState } from "react";
import { toast } from "sonner";
import { savePreferencesAction } from "@/lib/actions/alerts/save-preferences.ts";
import type { Preferences } from "@/lib/alerts/preferences.ts";
import { Button } from "@/components/ui/button.tsx";
import { FormAlert } from "@/components/webhooks/form-alert.tsx";

const CHOICES: { value: Preferences["alertEmails"]; label: string; hint: string }[] = [
  { value: "immediate", label: "Immediately", hint: "One email per endpoint each time its state changes." },
  { value: "daily", label: "Daily digest", hint: "One email a day at 08:00 in your time zone, if anything happened." },
  { value: "off", label: "Off", hint: "Only the bell in the app." },
];

/** The signed-in person's own choice of alert emails (saved for them, in every agency). */
export function AlertEmailsForm({
  current,
  smtpConfigured,
}: {
  current: Preferences["alertEmails"];
  smtpConfigured: boolean;
}) {
  const [value, setValue] = useState(current);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const result = await savePreferencesAction({ alertEmails: value });
    setBusy(false);
    if (!result.ok) setError(result.error);
    else toast.success("Email preference saved");
  }
  return (
    <form onSubmit={submit} className="grid gap-4">
      <fieldset className="grid gap-3" disabled={busy}>
        <legend className="mb-2 text-sm font-medium">Email me about webhook alerts</legend>
        {CHOICES.map((c) => (
          <label key={c.value} className="flex items-start gap-3 text-sm">
            <input
              type="radio"
              name="alertEmails"
              value={c.value}
              checked={value === c.value}
              onChange={() => setValue(c.value)}
              className="mt-0.5 size-4 accent-primary"
            />
            <span className="grid gap-0.5">
              <span className="font-medium">{c.label}</span>
              <span className="text-muted-foreground">{c.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {smtpConfigured ? null : (
        <p className="text-sm text-muted-foreground">
          Your choice is kept and applies once your operator configures email.
        </p>
      )}
      <FormAlert message={error} />
      <div>
        <Button type="submit" disabled={busy}>
          Save preference
        </Button>
      </div>
    </form>
  );
}
