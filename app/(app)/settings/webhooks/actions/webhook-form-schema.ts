import type { z } from "zod";
import { CreateWebhookSchema } from "@/lib/webhooks/webhook-input.ts";

// The Add/Edit Webhook form and the create/update actions validate with the very schema
// the domain functions apply (it is browser-safe), so the rules live in one place.
export const WebhookFormSchema = CreateWebhookSchema;
export type WebhookFormInput = z.input<typeof WebhookFormSchema>;
