import { z } from "zod";
import { EVENT_TYPES } from "../event-catalog.ts";

export const DELIVERY_STATUSES = ["pending", "succeeded", "failed", "paused"] as const;
export type DeliveryStatusName = (typeof DELIVERY_STATUSES)[number];

export const LOG_PAGE_SIZE = 20;

/** The log's filters, as query parameters: shared by the screen and the route handler. */
export const LogQuerySchema = z.object({
  status: z.enum(DELIVERY_STATUSES).optional().catch(undefined),
  eventType: z.enum(EVENT_TYPES).optional().catch(undefined),
  eventId: z.string().trim().max(100).optional().transform((v) => v || undefined),
  cursor: z.string().max(500).optional().transform((v) => v || undefined),
  limit: z.coerce.number().int().min(1).max(100).default(LOG_PAGE_SIZE).catch(LOG_PAGE_SIZE),
});
export type LogQuery = z.infer<typeof LogQuerySchema>;

export function logQueryFromSearchParams(params: URLSearchParams): LogQuery {
  return LogQuerySchema.parse(Object.fromEntries(params.entries()));
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
  lastDurationMs: number | null;
  nextAttemptAt: string | null;
  createdAt: string;
  completedAt: string | null;
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

export type DeliveryDetail = DeliveryRow & { attempts: AttemptView[] };
