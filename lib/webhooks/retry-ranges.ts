import { z } from "zod";
import { EVENT_TYPES } from "./event-catalog.ts";

const HOUR = 60 * 60 * 1000;

/** The time ranges Retry Failed offers; the dialog and the action share them. */
export const RETRY_RANGES = {
  "1h": { label: "Last hour", ms: HOUR },
  "24h": { label: "Last 24 hours", ms: 24 * HOUR },
  "7d": { label: "Last 7 days", ms: 7 * 24 * HOUR },
  "30d": { label: "Last 30 days", ms: 30 * 24 * HOUR },
} as const;

export type RetryRange = keyof typeof RETRY_RANGES;
export const RETRY_RANGE_OPTIONS = (Object.keys(RETRY_RANGES) as RetryRange[]).map((value) => ({
  value,
  label: RETRY_RANGES[value].label,
}));

/**
 * Which deliveries Retry Failed takes: `failed` (every automatic attempt used) and `retrying`
 * (the last attempt failed and the next automatic one is waiting; the new attempt replaces
 * the wait).
 */
export const RETRY_STATUSES = { failed: "Failed", retrying: "Retrying" } as const;
export type RetryStatus = keyof typeof RETRY_STATUSES;

export const RetryFailedSchema = z.object({
  /** One endpoint, or (absent) every endpoint of the agency. */
  webhookId: z.string().min(1).max(100).optional(),
  range: z.enum(Object.keys(RETRY_RANGES) as [RetryRange, ...RetryRange[]], "Choose a time range"),
  /** Empty or absent: every event type. */
  eventTypes: z.array(z.enum(EVENT_TYPES)).max(50).default([]),
  statuses: z
    .array(z.enum(Object.keys(RETRY_STATUSES) as [RetryStatus, ...RetryStatus[]]))
    .min(1, "Choose at least one status")
    .max(2)
    .default(["failed", "retrying"]),
});
export type RetryFailedInput = z.input<typeof RetryFailedSchema>;
