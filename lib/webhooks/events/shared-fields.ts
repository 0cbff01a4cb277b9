import { z } from "zod";

// Agency OS uses integer record IDs and plain calendar dates in payloads (see invoice.paid).
export const recordId = z.number().int().positive();
export const isoDate = z.iso.date();
export const isoDateTime = z.iso.datetime({ offset: true });
export const currency = z.string().regex(/^[A-Z]{3}$/, "Expected a 3-letter ISO 4217 code such as USD");
export const money = z.number().nonnegative();
