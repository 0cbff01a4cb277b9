import { z } from "zod";

/** What a key may do; each route names the one it needs. Browser-safe (the create dialog lists them). */
export const API_KEY_SCOPES = {
  "webhooks:read": "Read webhooks, their delivery logs, events and the event catalog",
  "webhooks:write": "Create, edit, enable, disable and delete webhooks; rotate their secrets",
  // Its own scope: a key that manages webhooks need not be able to read what signs them.
  "webhooks:secrets": "Reveal webhook signing secrets",
  "deliveries:retry": "Retry deliveries (one, or Retry Failed as a background job) and resend events",
  "events:emit": "Emit events (REST or as agency-os/* Inngest events)",
} as const;

export type ApiScope = keyof typeof API_KEY_SCOPES;
export const API_SCOPES = Object.keys(API_KEY_SCOPES) as [ApiScope, ...ApiScope[]];

/** A key's lifetime, chosen when it is created; `never` keys last until revoked. */
export const API_KEY_EXPIRIES = {
  "30d": { label: "30 days", days: 30 },
  "90d": { label: "90 days", days: 90 },
  "365d": { label: "1 year", days: 365 },
  never: { label: "Never", days: null },
} as const;
export type ApiKeyExpiry = keyof typeof API_KEY_EXPIRIES;

export const CreateApiKeySchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, "Name the key, e.g. after the software that will use it")
    .max(100, "At most 100 characters"),
  scopes: z
    .array(z.enum(API_SCOPES, "Not a scope of this API"), "Choose at least one scope")
    .min(1, "Choose at least one scope")
    .max(API_SCOPES.length)
    .transform((s) => [...new Set(s)]),
  expiresIn: z.enum(Object.keys(API_KEY_EXPIRIES) as [ApiKeyExpiry, ...ApiKeyExpiry[]], "Choose when the key expires"),
});
export type CreateApiKeyInput = z.input<typeof CreateApiKeySchema>;

export const ApiKeyIdSchema = z.strictObject({ id: z.string().min(1).max(100) });
