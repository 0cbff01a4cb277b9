import { z } from "zod";
import { boundedIsoDate, boundedIsoDateTime } from "@/lib/validation/bounded-date.ts";

// Agency OS uses integer record IDs and plain calendar dates in payloads (see invoice.paid).
export const recordId = z.number().int().positive();
// Dates between 1970 and 9999 only (lib/validation/bounded-date.ts).
export const isoDate = boundedIsoDate();
export const isoDateTime = boundedIsoDateTime();
export const currency = z.string().regex(/^[A-Z]{3}$/, "Expected a 3-letter ISO 4217 code such as USD");
export const money = z.number().nonnegative();
