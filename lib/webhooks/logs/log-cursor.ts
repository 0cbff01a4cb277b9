import { AppError } from "@/lib/errors/app-error.ts";
import { isDateInRange } from "@/lib/validation/bounded-date.ts";
import { unstorableTextProblem } from "@/lib/validation/storable-text.ts";

/** Position in the newest-first log: the last row's creation time and ID (the tie-breaker). */
export type LogCursor = { createdAt: Date; id: string };

function invalidCursor(): AppError {
  return new AppError(
    "INVALID_INPUT",
    "This page link has expired or was changed. Go back to the first page of the log.",
    { cursor: ["Not a valid page cursor"] },
  );
}

/** Opaque to clients: base64url of JSON, so the sort keys can change without breaking links. */
export function encodeCursor(cursor: LogCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.createdAt.toISOString(), i: cursor.id })).toString("base64url");
}

export function decodeCursor(raw: string): LogCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  const value = parsed as { t?: unknown; i?: unknown } | null;
  if (
    !value ||
    typeof value.t !== "string" ||
    typeof value.i !== "string" ||
    value.i.length === 0 ||
    value.i.length > 100
  ) {
    throw invalidCursor();
  }
  // A changed cursor may hold any date or text: outside 1970–9999, or NUL in the ID, it would fail the query.
  const createdAt = new Date(value.t);
  if (!isDateInRange(createdAt.getTime()) || unstorableTextProblem(value.i)) throw invalidCursor();
  return { createdAt, id: value.i };
}
