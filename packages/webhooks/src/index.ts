export {
  verifyWebhook,
  WebhookVerificationError,
  type VerificationFailure,
  type VerifyOptions,
} from "./verify-webhook.js";
export type { WebhookHeaders } from "./read-header.js";
export { EVENT_TYPES, type WebhookEvent, type WebhookEventOf } from "./events.js";
export type * from "./events.generated.js";
