import { z } from "zod";
import { EVENT_TYPES } from "./event-catalog.ts";
// Browser-safe imports only: the Add/Edit Webhook form validates with these schemas too.
import { unstorableTextProblem } from "../validation/storable-text.ts";
import {
  endpointUrlProblem,
  headerValueProblem,
  isDegenerateSecret,
  isReservedHeader,
  isValidSecret,
} from "./webhook-input-rules.ts";

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const MAX_HEADER_NAME = 100;

/** Custom headers an admin adds (e.g. an API key the receiver wants); ours stay ours. */
export const CustomHeadersSchema = z
  .record(z.string(), z.string().max(2000, "Keep header values under 2,000 characters"))
  .superRefine((headers, ctx) => {
    const seen = new Set<string>();
    for (const [name, value] of Object.entries(headers)) {
      const valueProblem = headerValueProblem(name, value);
      if (valueProblem) ctx.addIssue({ code: "custom", path: [name], message: valueProblem });
      if (name === "")
        ctx.addIssue({ code: "custom", path: [name], message: "Give every header a name, or remove the row" });
      else if (name.length > MAX_HEADER_NAME)
        ctx.addIssue({
          code: "custom",
          path: [name.slice(0, MAX_HEADER_NAME)],
          message: `Keep header names under ${MAX_HEADER_NAME} characters`,
        });
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
  name: z
    .string()
    .trim()
    .min(1, "Enter a name")
    .max(100, "Keep the name under 100 characters")
    .superRefine((v, ctx) => {
      const problem = unstorableTextProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: `The name ${problem}` });
      else if (/[\u0000-\u001f\u007f-\u009f]/.test(v))
        ctx.addIssue({ code: "custom", message: "The name cannot contain line breaks or other control characters" });
    }),
  url: z
    .string()
    .trim()
    .min(1, "Enter the endpoint URL")
    .max(2000, "The URL is too long")
    .superRefine((v, ctx) => {
      const problem = v === "" ? null : endpointUrlProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  // Bounded before each entry is judged: 10,000 copies of one type were once saved.
  events: z
    .array(z.string())
    .min(1, "Select at least one event")
    .max(EVENT_TYPES.length, `There are only ${EVENT_TYPES.length} event types; list each at most once`)
    .pipe(
      z.array(z.enum(EVENT_TYPES)).superRefine((events, ctx) => {
        const twice = events.find((e, i) => events.indexOf(e) !== i);
        if (twice) ctx.addIssue({ code: "custom", message: `"${twice}" is selected twice; list each event once` });
      }),
    ),
  headers: CustomHeadersSchema.default({}),
});
export type WebhookInput = z.input<typeof WebhookInputSchema>;

export const CreateWebhookSchema = WebhookInputSchema.extend({
  // Optional: admins may paste a secret they already use; otherwise one is generated.
  secret: z
    .string()
    .trim()
    .refine(isValidSecret, "Secrets look like whsec_ followed by base64 (at least 24 bytes)")
    .refine(
      (v) => !isDegenerateSecret(v),
      "This secret's bytes are all the same (all zero, say): paste the real secret, or leave it empty to generate one",
    )
    .optional(),
});
export type CreateWebhookInput = z.input<typeof CreateWebhookSchema>;

export const UpdateWebhookSchema = WebhookInputSchema.partial();
export type UpdateWebhookInput = z.input<typeof UpdateWebhookSchema>;
