"use client";

import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore, useTransition } from "react";
import { toast } from "sonner";
import { saveDisplayPrefsAction } from "@/lib/actions/account/save-display-prefs.ts";
import type { FieldErrors } from "@/lib/errors/app-error.ts";
import type { Choice } from "@/lib/i18n/display-prefs-choices.ts";
import { Button } from "@/components/ui/button.tsx";
import { NativeSelect } from "@/components/ui/native-select.tsx";
import { Field, FieldControl, FieldDescription, FieldError, FieldLabel } from "@/components/ui/field.tsx";
import { FormAlert } from "@/components/webhooks/form-alert.tsx";

type Props = {
  current: { locale: string | null; timeZone: string | null };
  locales: Choice[];
  timeZones: Choice[];
};

const noSubscription = () => () => {};

/** What this browser would use: known only after hydration (null before, on both sides). */
function useBrowserDefaults(): { locale: string; timeZone: string } | null {
  return useSyncExternalStore(
    noSubscription,
    () => browserDefaults,
    () => null,
  );
}
const browserDefaults =
  typeof window === "undefined"
    ? null
    : { locale: navigator.language, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone };

/** Account → Dates and numbers: the person's own locale and time zone, or the browser's. */
export function DisplayPrefsForm({ current, locales, timeZones }: Props) {
  const router = useRouter();
  const browser = useBrowserDefaults();
  const [locale, setLocale] = useState(current.locale ?? "");
  const [timeZone, setTimeZone] = useState(current.timeZone ?? "");
  const [errors, setErrors] = useState<{ message?: string; fields?: FieldErrors }>({});
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = await saveDisplayPrefsAction({ locale, timeZone });
      if (!result.ok) return setErrors({ message: result.error, fields: result.fieldErrors });
      setErrors({});
      toast.success("Dates and numbers saved");
      // The app shell reads the choice: every screen's dates change with it.
      router.refresh();
    });
  }

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate aria-label="Dates and numbers">
      <FormAlert message={errors.message ?? null} />
      <Field>
        <FieldLabel>Language and region</FieldLabel>
        <FieldControl>
          <NativeSelect value={locale} onChange={(e) => setLocale(e.target.value)} name="locale">
            <option value="">Browser default</option>
            {locales.map((c) => (
              <option key={c.value} value={c.value} lang={c.value}>
                {c.label}
              </option>
            ))}
          </NativeSelect>
        </FieldControl>
        <FieldDescription>
          How dates, numbers and money are written.{browser ? ` Your browser's: ${browser.locale}.` : ""}
        </FieldDescription>
        <FieldError errors={errors.fields?.locale} />
      </Field>
      <Field>
        <FieldLabel>Time zone</FieldLabel>
        <FieldControl>
          <NativeSelect value={timeZone} onChange={(e) => setTimeZone(e.target.value)} name="timeZone">
            <option value="">Browser default</option>
            {timeZones.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </NativeSelect>
        </FieldControl>
        <FieldDescription>
          Times in the log, alerts and emails.{browser ? ` Your browser's: ${browser.timeZone}.` : ""}
        </FieldDescription>
        <FieldError errors={errors.fields?.timeZone} />
      </Field>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}
