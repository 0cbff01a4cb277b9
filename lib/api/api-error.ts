import { z } from "zod";
import { AppError, HTTP_STATUS, type AppErrorCode, type FieldErrors } from "@/lib/errors/app-error.ts";

/** The one error shape of /api/v1: `{ error: { code, message, field?, fields? } }`. */
export const ApiErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable, for code to branch on", example: "invalid_input" }),
      message: z.string().meta({ description: "A sentence for the person reading the log", example: "Enter a name" }),
      field: z.string().optional().meta({ description: "The first field at fault (dotted path)", example: "name" }),
      fields: z
        .record(z.string(), z.array(z.string()))
        .optional()
        .meta({ description: "Every field at fault, with its messages" }),
    }),
  })
  .meta({ id: "Error" });
export type ApiErrorBody = z.infer<typeof ApiErrorSchema>;

const CODES: Record<AppErrorCode, string> = {
  INVALID_INPUT: "invalid_input",
  UNAUTHENTICATED: "unauthenticated",
  FORBIDDEN: "forbidden",
  NOT_FOUND: "not_found",
  CONFLICT: "conflict",
  RATE_LIMITED: "rate_limited",
  TOO_LARGE: "too_large",
  UNAVAILABLE: "unavailable",
};

export function apiErrorBody(code: string, message: string, fields?: FieldErrors): ApiErrorBody {
  const keys = Object.keys(fields ?? {});
  return {
    error: { code, message, ...(keys.length ? { field: keys[0], fields } : {}) },
  };
}

/** A domain error (or a zod failure, or a bug) as the API's status and body: mapped here only. */
export function toApiError(err: unknown): { status: number; body: ApiErrorBody } | null {
  if (err instanceof z.ZodError) {
    const fields: FieldErrors = {};
    for (const issue of err.issues) (fields[issue.path.map(String).join(".") || "body"] ??= []).push(issue.message);
    const [field, messages] = Object.entries(fields)[0];
    return { status: 400, body: apiErrorBody("invalid_input", `${field}: ${messages[0]}`, fields) };
  }
  if (err instanceof AppError) {
    return { status: HTTP_STATUS[err.code], body: apiErrorBody(CODES[err.code], err.message, err.fieldErrors) };
  }
  return null;
}
