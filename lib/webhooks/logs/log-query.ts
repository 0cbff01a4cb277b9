import { z } from "zod";
import { AppError, fieldErrorsOf } from "@/lib/errors/app-error.ts";
import { EVENT_TYPES } from "../event-catalog.ts";

export const DELIVERY_STATUSES = ["pending", "succeeded", "failed", "paused"] as const;
export type DeliveryStatusName = (typeof DELIVERY_STATUSES)[number];

export const LOG_PAGE_SIZE = 20;

/** The log's filters, as query parameters: shared by the screen and the route handler. */
export const LogQuerySchema = z.strictObject(
  {
    status: z.enum(DELIVERY_STATUSES, `status: use one of ${DELIVERY_STATUSES.join(", ")}`).optional(),
    eventType: z.enum(EVENT_TYPES, "eventType: not a known event type").optional(),
    eventId: z
      .string()
      .trim()
      .max(100, "eventId: at most 100 characters")
      .optional()
      .transform((v) => v || undefined),
    cursor: z
      .string()
      .max(500, "cursor: not a valid page cursor")
      .optional()
      .transform((v) => v || undefined),
    limit: z.coerce
      .number("limit: a whole number from 1 to 100")
      .int("limit: a whole number from 1 to 100")
      .min(1, "limit: a whole number from 1 to 100")
      .max(100, "limit: a whole number from 1 to 100")
      .default(LOG_PAGE_SIZE),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `Unknown query parameter${issue.keys.length === 1 ? "" : "s"}: ${issue.keys.join(", ")} (the log takes status, eventType, eventId, cursor and limit)`
        : undefined,
  },
);
export type LogQuery = z.infer<typeof LogQuerySchema>;

/** Strict: a filter the log does not know is refused (INVALID_INPUT) with a message, never silently dropped. */
export function parseLogQuery(params: URLSearchParams): LogQuery {
  const parsed = LogQuerySchema.safeParse(Object.fromEntries(params.entries()));
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    // An unknown parameter has no path of its own: name each one as the field.
    for (const issue of parsed.error.issues) {
      if (issue.code !== "unrecognized_keys") continue;
      delete fieldErrors.form;
      for (const key of issue.keys) fieldErrors[key] = [`Unknown query parameter: ${key}`];
    }
    throw new AppError("INVALID_INPUT", parsed.error.issues[0].message, fieldErrors);
  }
  return parsed.data;
}

export function logQueryToSearchParams(query: Partial<LogQuery>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") out.set(key, String(value));
  }
  return out;
}

/** What the log route returns for each delivery (dates as ISO strings). */
export type DeliveryRow = {
  id: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatusName;
  isTest: boolean;
  attemptCount: number;
  lastStatusCode: number | null;
  lastErrorClass: string | null;
  /** Set when the delivery's engine run failed (no attempt says why). */
  failureReason: string | null;
  lastDurationMs: number | null;
  nextAttemptAt: string | null;
  createdAt: string;
  completedAt: string | null;
  /** Set on a Resend: the delivery it repeats. */
  resentFromId: string | null;
};

export type DeliveryPage = { items: DeliveryRow[]; nextCursor: string | null };

export type AttemptView = {
  id: string;
  number: number;
  trigger: string;
  requestUrl: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  durationMs: number;
  errorClass: string | null;
  errorMessage: string | null;
  createdAt: string;
};

export type DeliveryDetail = DeliveryRow & { webhookId: string; attempts: AttemptView[] };
