import type { z } from "zod";

/**
 * What went wrong, in words a caller can branch on. Each boundary maps a code once: an action
 * to `{ ok: false, error, fieldErrors }`, a route handler to its HTTP status (see `HTTP_STATUS`).
 */
export type AppErrorCode =
  | "INVALID_INPUT" // the request is malformed or a field is wrong (fieldErrors say which)
  | "UNAUTHENTICATED" // no (valid) session or credentials
  | "FORBIDDEN" // signed in, but the role may not do this
  | "NOT_FOUND" // missing, or another agency's: the two answer alike
  | "CONFLICT" // the thing is in a state that refuses this (already set up, disabled, …)
  | "RATE_LIMITED"
  | "TOO_LARGE"
  | "UNAVAILABLE"; // a service this needs (the delivery engine) did not answer: nothing changed, try again

export type FieldErrors = Record<string, string[]>;

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  TOO_LARGE: 413,
  UNAVAILABLE: 503,
};

/**
 * A domain error thrown by lib/. Its message is a sentence written for the person who caused
 * it (it is shown as it is), so it must never carry a secret or another agency's data.
 */
export class AppError extends Error {
  override name = "AppError";

  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
  }
}

/**
 * A zod failure as messages per form field: keyed by the top-level field (a header's problem is
 * under `headers`, and its message names the header), `form` for the input as a whole.
 */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : "form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Invalid input from a zod failure: one sentence for the top of the form, the details per field. */
export function invalidInput(error: z.ZodError, message = "Check the highlighted fields."): AppError {
  return new AppError("INVALID_INPUT", message, fieldErrorsOf(error));
}

/** Parses or throws INVALID_INPUT: domain functions validate their own input with this. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, message?: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error, message);
  return parsed.data;
}
