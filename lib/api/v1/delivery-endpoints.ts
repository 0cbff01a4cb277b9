import { defineEndpoint } from "../define-endpoint.ts";
import {
  DeliveryLogQuery,
  DeliveryParams,
  EventParams,
  ResendEventBody,
  RetryFailedBody,
  RetryJobParams,
  StartRetryJobBody,
  WebhookParams,
} from "./request-schemas.ts";
import {
  AttemptResultResource,
  DeliveryDetailResource,
  DeliveryResource,
  pageOf,
  ResendResultResource,
  RetryJobResource,
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
  summary: "Retry Failed: every failed delivery of a webhook in a time range",
  description:
    "Starts a background job (the screen's Retry Failed): every delivery created in [from, to] whose last attempt failed gets a new attempt, oldest first, no cap. The answer is the job, and its `Location` header the job's progress: follow it with `GET /retry-jobs/{jobId}`, stop it with `POST /retry-jobs/{jobId}/cancel`. Nothing to retry: the job is `completed` at once with `total` 0.",
  access: "deliveries:retry",
  params: WebhookParams,
  body: RetryFailedBody,
  success: {
    status: 202,
    description: "The job, started",
    schema: RetryJobResource,
    headers: { Location: "The job's progress: `/api/v1/retry-jobs/{jobId}` (GET)" },
  },
  errors: [404, 409],
});

export const startRetryJob = defineEndpoint({
  method: "post",
  path: "/retry-jobs",
  operationId: "startRetryJob",
  tag: "Deliveries",
  summary: "Retry Failed across webhooks",
  description:
    "The same background job for every webhook of the agency (or the one named by `webhookId`), as Settings → Webhooks → Deliveries starts it. The answer's `Location` header is the job's progress (`GET /retry-jobs/{jobId}`).",
  access: "deliveries:retry",
  body: StartRetryJobBody,
  success: {
    status: 202,
    description: "The job, started",
    schema: RetryJobResource,
    headers: { Location: "The job's progress: `/api/v1/retry-jobs/{jobId}` (GET)" },
  },
  errors: [404, 409],
});

export const getRetryJob = defineEndpoint({
  method: "get",
  path: "/retry-jobs/{jobId}",
  operationId: "getRetryJob",
  tag: "Deliveries",
  summary: "A Retry Failed job's progress",
  description: "`processed` of `total`, and how they went; `status` leaves `running` when the job ends.",
  access: "deliveries:retry",
  params: RetryJobParams,
  success: { status: 200, description: "The job", schema: RetryJobResource },
  errors: [404],
});

export const cancelRetryJob = defineEndpoint({
  method: "post",
  path: "/retry-jobs/{jobId}/cancel",
  operationId: "cancelRetryJob",
  tag: "Deliveries",
  summary: "Cancel a Retry Failed job",
  description: "It stops within a few attempts; what was retried stays retried. A job that has ended answers 409.",
  access: "deliveries:retry",
  params: RetryJobParams,
  success: { status: 200, description: "The job, cancelled", schema: RetryJobResource },
  errors: [404, 409],
});

export const resendEvent = defineEndpoint({
  method: "post",
  path: "/events/{eventId}/resend",
  operationId: "resendEvent",
  tag: "Deliveries",
  summary: "Resend an event",
  description:
    "New deliveries of the event (same event ID, so receivers can dedupe) to every webhook it was delivered to, or to the chosen ones, sent now like first attempts with the automatic retries after them. Each is marked as resent and linked to the delivery it repeats.",
  access: "deliveries:retry",
  params: EventParams,
  body: ResendEventBody,
  success: { status: 202, description: "The new deliveries, queued", schema: ResendResultResource },
  errors: [404, 409],
});
