import { z } from "zod";
import { AppError, fieldErrorsOf } from "@/lib/errors/app-error.ts";
import { EVENT_TYPES } from "../event-catalog.ts";
import { DELIVERY_STATUSES, LOG_PAGE_SIZE } from "./log-query.ts";

const optionalText = (max: number, name: string) =>
  z
    .string()
    .trim()
    .max(max, `${name}: at most ${max} characters`)
    .optional()
    .transform((v) => v || undefined);

/**
 * Settings → Webhooks → Deliveries: the agency's deliveries across every endpoint, as query
 * parameters shared by the screen, the JSON route and the CSV export.
 */
export const AgencyLogQuerySchema = z.strictObject({
  webhookId: optionalText(100, "webhookId"),
  eventType: z.enum(EVENT_TYPES, "eventType: not a known event type").optional(),
  status: z.enum(DELIVERY_STATUSES, `status: use one of ${DELIVERY_STATUSES.join(", ")}`).optional(),
  statusCode: z.coerce
    .number("statusCode: an HTTP status from 100 to 599")
    .int("statusCode: an HTTP status from 100 to 599")
    .min(100, "statusCode: an HTTP status from 100 to 599")
    .max(599, "statusCode: an HTTP status from 100 to 599")
    .optional(),
  from: z.iso.datetime({ offset: true, message: "from: an ISO 8601 date and time" }).optional(),
  to: z.iso.datetime({ offset: true, message: "to: an ISO 8601 date and time" }).optional(),
  eventId: optionalText(100, "eventId"),
  // A value anywhere in the payload (an invoice number, a client name): a substring, 3+ characters.
  q: optionalText(200, "q").refine((v) => v === undefined || v.length >= 3, "q: at least 3 characters"),
  cursor: optionalText(500, "cursor"),
  limit: z.coerce
    .number("limit: a whole number from 1 to 100")
    .int("limit: a whole number from 1 to 100")
    .min(1, "limit: a whole number from 1 to 100")
    .max(100, "limit: a whole number from 1 to 100")
    .default(LOG_PAGE_SIZE),
});
export type AgencyLogQuery = z.infer<typeof AgencyLogQuerySchema>;

export function parseAgencyLogQuery(params: URLSearchParams): AgencyLogQuery {
  const parsed = AgencyLogQuerySchema.safeParse(Object.fromEntries(params.entries()));
  if (!parsed.success) throw new AppError("INVALID_INPUT", parsed.error.issues[0].message, fieldErrorsOf(parsed.error));
  return parsed.data;
}
