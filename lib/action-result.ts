import type { z } from "zod";

/** What every server action returns: the form shows `error` and `fieldErrors` as they are. */
export type ActionResult<T = undefined> =
  | ({ ok: true } & (T extends undefined ? object : { data: T }))
  | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

export function fieldFailure(
  error: z.ZodError,
  message = "Check the highlighted fields.",
): { ok: false; error: string; fieldErrors: Record<string, string[]> } {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { ok: false, error: message, fieldErrors };
}

export function failure(error: string): { ok: false; error: string } {
  return { ok: false, error };
}
