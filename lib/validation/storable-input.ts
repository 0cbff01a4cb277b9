import { AppError } from "@/lib/errors/app-error.ts";
import { findUnstorableText } from "./storable-text.ts";

// Issue 14 item 6, at the boundaries: every server action's input, every route's path
// parameters, query and JSON body pass through here once, so text PostgreSQL cannot store
// (NUL, a lone surrogate) is refused with a 400 / field error naming the field, whichever
// schema (or none) the value meets later. Schemas that check it themselves (the event
// catalog, the webhook form) give their own wording first.

/** Throws INVALID_INPUT naming the first field (dotted path) holding text that cannot be stored. */
export function assertStorable(value: unknown, where = "body"): void {
  const found = findUnstorableText(value);
  if (!found) return;
  const field = found.path.length > 0 ? found.path.map(String).join(".") : where;
  // Forms show field errors by their top-level name; the sentence names the whole path.
  const formField = found.path.length > 0 ? String(found.path[0]) : where;
  throw new AppError("INVALID_INPUT", `${field}: ${found.problem}`, { [formField]: [`${field} ${found.problem}`] });
}

/** A URL's query parameters as a plain object (the last value of a repeated name), checked. */
export function assertStorableSearchParams(params: URLSearchParams): void {
  for (const [name, value] of params) assertStorable({ [name]: value });
}
