import { defineEndpoint } from "../define-endpoint.ts";
import { DeliveryLogQuery, DeliveryParams, RetryFailedBody, WebhookParams } from "./request-schemas.ts";
import {
  AttemptResultResource,
  DeliveryDetailResource,
  DeliveryResource,
  pageOf,
  RetryFailedResultResource,
} from "./resources.ts";

export const listDeliveries = defineEndpoint({
  method: "get",
  path: "/webhooks/{id}/deliveries",
  operationId: "listDeliveries",
  tag: "Deliveries",
  summary: "List a webhook's deliveries",
  description: "The delivery log, newest first, with the log screen's filters.",
  access: "webhooks:read",
  params: WebhookParams,
  query: DeliveryLogQuery,
  success: { status: 200, description: "A page of deliveries", schema: pageOf(DeliveryResource) },
  errors: [404],
});

export const getDelivery = defineEndpoint({
  method: "get",
  path: "/deliveries/{deliveryId}",
  operationId: "getDelivery",
  tag: "Deliveries",
  summary: "Get a delivery with its attempts",
  description: "Every attempt's request and response (the first 20 KB of the response body).",
  access: "webhooks:read",
  params: DeliveryParams,
  success: { status: 200, description: "The delivery", schema: DeliveryDetailResource },
  errors: [404],
});

export const retryDelivery = defineEndpoint({
  method: "post",
  path: "/deliveries/{deliveryId}/retry",
  operationId: "retryDelivery",
  tag: "Deliveries",
  summary: "Retry a delivery",
  description: "A new attempt now; the answer is its result.",
  access: "deliveries:retry",
  params: DeliveryParams,
  success: { status: 200, description: "The attempt's result", schema: AttemptResultResource },
  errors: [404, 409],
});

export const retryFailedDeliveries = defineEndpoint({
  method: "post",
  path: "/webhooks/{id}/deliveries/retry-failed",
  operationId: "retryFailedDeliveries",
  tag: "Deliveries",
  summary: "Retry every failed delivery in a time range",
  access: "deliveries:retry",
  params: WebhookParams,
  body: RetryFailedBody,
  success: { status: 200, description: "What was retried", schema: RetryFailedResultResource },
  errors: [404, 409],
});
