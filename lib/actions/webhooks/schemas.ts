import { z } from "zod";

// Inputs of the actions that name one webhook or one delivery; the forms' own schemas live
// beside their domain functions (webhook-input.ts, retry-ranges.ts).
export const WebhookIdSchema = z.object({ id: z.string().min(1) });
export const DeliveryRefSchema = z.object({ webhookId: z.string().min(1), deliveryId: z.string().min(1) });
export const CancelRetryJobSchema = z.object({ jobId: z.string().min(1).max(100) });
export const ResendEventSchema = z.object({
  eventId: z.string().trim().min(1).max(100),
  /** Absent or empty: every endpoint the event was delivered to. */
  webhookIds: z.array(z.string().min(1).max(100)).max(100).default([]),
});
