import { defineEndpoint } from "../define-endpoint.ts";
import { CreateWebhookBody, PageQuery, UpdateWebhookBody, WebhookParams } from "./request-schemas.ts";
import { pageOf, SecretResource, WebhookResource, WebhookWithSecretResource } from "./resources.ts";

export const listWebhooks = defineEndpoint({
  method: "get",
  path: "/webhooks",
  operationId: "listWebhooks",
  tag: "Webhooks",
  summary: "List webhooks",
  description: "The agency's webhooks, oldest first.",
  access: "webhooks:read",
  query: PageQuery,
  success: { status: 200, description: "A page of webhooks", schema: pageOf(WebhookResource) },
});

export const createWebhook = defineEndpoint({
  method: "post",
  path: "/webhooks",
  operationId: "createWebhook",
  tag: "Webhooks",
  summary: "Add a webhook",
  description: "Its signing secret is generated unless you pass one, and returned this once.",
  access: "webhooks:write",
  body: CreateWebhookBody,
  success: { status: 201, description: "The new webhook and its secret", schema: WebhookWithSecretResource },
});

export const getWebhook = defineEndpoint({
  method: "get",
  path: "/webhooks/{id}",
  operationId: "getWebhook",
  tag: "Webhooks",
  summary: "Get a webhook",
  access: "webhooks:read",
  params: WebhookParams,
  success: { status: 200, description: "The webhook", schema: WebhookResource },
  errors: [404],
});

export const updateWebhook = defineEndpoint({
  method: "patch",
  path: "/webhooks/{id}",
  operationId: "updateWebhook",
  tag: "Webhooks",
  summary: "Edit a webhook",
  description: "Only the fields you send change. Custom headers are replaced as a whole.",
  access: "webhooks:write",
  params: WebhookParams,
  body: UpdateWebhookBody,
  success: { status: 200, description: "The webhook as saved", schema: WebhookResource },
  errors: [404],
});

export const deleteWebhook = defineEndpoint({
  method: "delete",
  path: "/webhooks/{id}",
  operationId: "deleteWebhook",
  tag: "Webhooks",
  summary: "Delete a webhook",
  description: "Its deliveries and their log go with it; there is no undo.",
  access: "webhooks:write",
  params: WebhookParams,
  success: { status: 204, description: "Deleted" },
  errors: [404],
});

export const enableWebhook = defineEndpoint({
  method: "post",
  path: "/webhooks/{id}/enable",
  operationId: "enableWebhook",
  tag: "Webhooks",
  summary: "Enable a webhook",
  description: "Deliveries kept as paused while it was disabled are sent now.",
  access: "webhooks:write",
  params: WebhookParams,
  success: { status: 200, description: "The webhook", schema: WebhookResource },
  errors: [404],
});

export const disableWebhook = defineEndpoint({
  method: "post",
  path: "/webhooks/{id}/disable",
  operationId: "disableWebhook",
  tag: "Webhooks",
  summary: "Disable a webhook",
  description: "No deliveries and no retries until it is enabled; its events are kept as paused deliveries.",
  access: "webhooks:write",
  params: WebhookParams,
  success: { status: 200, description: "The webhook", schema: WebhookResource },
  errors: [404],
});

export const rotateWebhookSecret = defineEndpoint({
  method: "post",
  path: "/webhooks/{id}/rotate-secret",
  operationId: "rotateWebhookSecret",
  tag: "Webhooks",
  summary: "Rotate the signing secret",
  description: "A new secret signs from now on; the previous one keeps signing beside it for 24 hours.",
  access: "webhooks:write",
  params: WebhookParams,
  success: { status: 200, description: "The new secret", schema: SecretResource },
  errors: [404],
});

export const revealWebhookSecret = defineEndpoint({
  method: "get",
  path: "/webhooks/{id}/secret",
  operationId: "revealWebhookSecret",
  tag: "Webhooks",
  summary: "Reveal the signing secret",
  description: "Needs the webhooks:secrets scope; every reveal is recorded in the webhook's audit log.",
  access: "webhooks:secrets",
  params: WebhookParams,
  success: { status: 200, description: "The current secret", schema: SecretResource },
  errors: [404],
});
