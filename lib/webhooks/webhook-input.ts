import { z } from "zod";
import { EVENT_TYPES } from "./event-catalog.ts";
// Browser-safe imports only: the Add/Edit Webhook form validates with these schemas too.
import { isReservedHeader, isValidSecret } from "./webhook-input-rules.ts";

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Custom headers an admin adds (e.g. an API key the receiver wants); ours stay ours. */
export const CustomHeadersSchema = z
  .record(
    z.string(),
    z
      .string()
      .max(2000, "Keep header values under 2,000 characters")
      .refine((v) => !/[\r\n]/.test(v), "Header values cannot contain line breaks"),
  )
  .superRefine((headers, ctx) => {
    const seen = new Set<string>();
    for (const name of Object.keys(headers)) {
      if (name === "")
        ctx.addIssue({ code: "custom", path: [name], message: "Give every header a name, or remove the row" });
      else if (!headerName.test(name))
        ctx.addIssue({ code: "custom", path: [name], message: `"${name}" is not a valid header name` });
      else if (isReservedHeader(name))
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `"${name}" is set by Agency OS and cannot be overridden`,
        });
      if (seen.has(name.toLowerCase()))
        ctx.addIssue({ code: "custom", path: [name], message: `"${name}" appears twice` });
      seen.add(name.toLowerCase());
    }
  })
  .refine((h) => Object.keys(h).length <= 20, "At most 20 custom headers");

/** The Add/Edit Webhook form's schema, shared by the dialog and the server action. */
export const WebhookInputSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(100, "Keep the name under 100 characters"),
  url: z
    .string()
    .trim()
    .min(1, "Enter the endpoint URL")
    .max(2000, "The URL is too long")
    .refine((v) => v === "" || URL.canParse(v), "Enter a full URL such as https://example.com/webhooks")
    .refine(
      (v) => !URL.canParse(v) || ["https:", "http:"].includes(new URL(v).protocol),
      "The URL must start with https:// or http://",
    ),
  events: z.array(z.enum(EVENT_TYPES)).min(1, "Select at least one event"),
  headers: CustomHeadersSchema.default({}),
});
export type WebhookInput = z.input<typeof WebhookInputSchema>;

export const CreateWebhookSchema = WebhookInputSchema.extend({
  // Optional: admins may paste a secret they already use; otherwise one is generated.
  secret: z
    .string()
    .trim()
    .refine(isValidSecret, "Secrets look like whsec_ followed by base64 (at least 24 bytes)")
    .optional(),
});
export type CreateWebhookInput = z.input<typeof CreateWebhookSchema>;

export const UpdateWebhookSchema = WebhookInputSchema.partial();
export type UpdateWebhookInput = z.input<typeof UpdateWebhookSchema>;

export type FieldErrors = Record<string, string[]>;

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : "form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
