import { z } from "zod";
import { EVENT_TYPES } from "@/lib/webhooks/event-catalog.ts";

/*
 * The Add/Edit Webhook form's schema, used by the form in the browser and by the create and
 * update actions. It mirrors WebhookInputSchema in lib/webhooks/webhook-input.ts, which the
 * domain functions apply again: that file cannot be bundled for the browser (it reaches
 * node:crypto and node:fs through sign-payload.ts and webhook-secret.ts). Once it only
 * imports browser-safe modules, this file should re-export it instead.
 */

// Set by Agency OS or owned by the HTTP client (mirrors isReservedHeader in sign-payload.ts).
const RESERVED = new Set(["content-type", "user-agent", "webhook-id", "webhook-timestamp", "webhook-signature", "host", "content-length", "connection", "transfer-encoding", "keep-alive", "upgrade", "expect", "te", "trailer"]);
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function isReservedHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED.has(lower) || lower.startsWith("x-aosai-");
}

function isSecretFormat(secret: string): boolean {
  if (!secret.startsWith("whsec_")) return false;
  const raw = secret.slice("whsec_".length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw)) return false;
  const bytes = Math.floor((raw.replace(/=+$/, "").length * 3) / 4);
  return bytes >= 24;
}

const CustomHeaders = z
  .record(z.string(), z.string().max(2000, "Keep header values under 2,000 characters").refine((v) => !/[\r\n]/.test(v), "Header values cannot contain line breaks"))
  .superRefine((headers, ctx) => {
    const seen = new Set<string>();
    for (const name of Object.keys(headers)) {
      if (name === "") ctx.addIssue({ code: "custom", path: [name], message: "Give every header a name, or remove the row" });
      else if (!headerName.test(name)) ctx.addIssue({ code: "custom", path: [name], message: `"${name}" is not a valid header name` });
      else if (isReservedHeaderName(name)) ctx.addIssue({ code: "custom", path: [name], message: `"${name}" is set by Agency OS and cannot be overridden` });
      if (seen.has(name.toLowerCase())) ctx.addIssue({ code: "custom", path: [name], message: `"${name}" appears twice` });
      seen.add(name.toLowerCase());
    }
  })
  .refine((h) => Object.keys(h).length <= 20, "At most 20 custom headers");

export const WebhookFormSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(100, "Keep the name under 100 characters"),
  url: z
    .string()
    .trim()
    .min(1, "Enter the endpoint URL")
    .max(2000, "The URL is too long")
    .refine((v) => v === "" || URL.canParse(v), "Enter a full URL such as https://example.com/webhooks")
    .refine((v) => !URL.canParse(v) || ["https:", "http:"].includes(new URL(v).protocol), "The URL must start with https:// or http://"),
  events: z.array(z.enum(EVENT_TYPES)).min(1, "Select at least one event"),
  headers: CustomHeaders.default({}),
  // Only on create: the secret generated for the admin on the Add Webhook page.
  secret: z.string().trim().refine(isSecretFormat, "Secrets look like whsec_ followed by base64 (at least 24 bytes)").optional(),
});
export type WebhookFormInput = z.input<typeof WebhookFormSchema>;
