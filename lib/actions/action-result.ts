import type { FieldErrors } from "@/lib/errors/app-error.ts";

/**
 * What every server action returns to the browser: its data, or a sentence for the top of the
 * form and, for input the server refused, the messages per form field.
 */
export type ActionResult<T = void> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: FieldErrors };

/**
 * An action as a `<form action>` (it works before hydration too). React ignores what a form
 * action returns, so only actions whose outcome is a redirect (sign-out) are used this way.
 */
export function asFormAction<T>(
  action: (input: FormData) => Promise<ActionResult<T>>,
): (formData: FormData) => Promise<void> {
  return action as unknown as (formData: FormData) => Promise<void>;
}
