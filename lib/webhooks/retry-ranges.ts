import { z } from "zod";

const HOUR = 60 * 60 * 1000;

/** The time ranges Retry Failed offers; the dialog and the action share them. */
export const RETRY_RANGES = {
  "1h": { label: "Last hour", ms: HOUR },
  "24h": { label: "Last 24 hours", ms: 24 * HOUR },
  "7d": { label: "Last 7 days", ms: 7 * 24 * HOUR },
  "30d": { label: "Last 30 days", ms: 30 * 24 * HOUR },
} as const;

export type RetryRange = keyof typeof RETRY_RANGES;

export const RetryFailedSchema = z.object({
  webhookId: z.string().min(1),
  range: z.enum(Object.keys(RETRY_RANGES) as [RetryRange, ...RetryRange[]], "Choose a time range"),
});
