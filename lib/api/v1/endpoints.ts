import type { Endpoint } from "../define-endpoint.ts";
import * as deliveries from "./delivery-endpoints.ts";
import * as documents from "./document-endpoints.ts";
import * as events from "./event-endpoints.ts";
import * as webhooks from "./webhook-endpoints.ts";

/** Every /api/v1 operation; the OpenAPI document lists exactly these (a test matches them to app/api/v1). */
export const V1_ENDPOINTS: Endpoint[] = [
  ...Object.values(webhooks),
  ...Object.values(deliveries),
  ...Object.values(events),
  ...Object.values(documents),
] as Endpoint[];
