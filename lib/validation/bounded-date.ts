import { z } from "zod";

// Issue 14 item 6: dates outside 1970–9999. JavaScript and PostgreSQL accept far wider years
// (year 0, 275760, negative ones), which then fail somewhere later (an ISO string JSON cannot
// round-trip, a 500 from the database) or are simply typos. Every date an input carries must
// fall within these bounds. Browser-safe: the event schemas use it too.

export const MIN_DATE_MS = Date.UTC(1970, 0, 1);
export const MAX_DATE_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const OUT_OF_RANGE = "must be a date between 1970 and 9999";

export function isDateInRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_DATE_MS && ms <= MAX_DATE_MS;
}

/** ISO 8601 date and time with an offset, between 1970 and 9999. */
export function boundedIsoDateTime(params?: { message?: string }) {
  return z.iso
    .datetime({ offset: true, ...(params?.message ? { message: params.message } : {}) })
    .refine((s) => isDateInRange(Date.parse(s)), { message: OUT_OF_RANGE });
}

/** ISO 8601 calendar date (YYYY-MM-DD), between 1970 and 9999. */
export function boundedIsoDate() {
  return z.iso.date().refine((s) => isDateInRange(Date.parse(`${s}T00:00:00Z`)), { message: OUT_OF_RANGE });
}
