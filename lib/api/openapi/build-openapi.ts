import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import packageJson from "@/package.json" with { type: "json" };
import { API_KEY_SCOPES } from "@/lib/api-keys/api-key-scopes.ts";
import { eventDefinition } from "@/lib/webhooks/event-catalog.ts";
import { ApiErrorSchema } from "../api-error.ts";
import type { Endpoint } from "../define-endpoint.ts";
import { V1_ENDPOINTS } from "../v1/endpoints.ts";
import { ReceiverHeaders, WEBHOOK_TYPES, webhookPayloadSchema } from "./webhook-payloads.ts";

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ApiErrorSchema } },
});

const RATE_LIMIT_HEADERS = z.object({
  "RateLimit-Limit": z.string().meta({ description: "Requests allowed per window for this key" }),
  "RateLimit-Remaining": z.string().meta({ description: "Requests left in this window" }),
  "RateLimit-Reset": z.string().meta({ description: "Seconds until the window resets" }),
});

/** The success answer's headers: the rate-limit ones on keyed operations, and the endpoint's own. */
function successHeaders(e: Endpoint, keyed: boolean) {
  const own = Object.entries(e.success.headers ?? {}).map(([name, description]) => [
    name,
    z.string().meta({ description }),
  ]);
  const headers = (keyed ? RATE_LIMIT_HEADERS : z.object({})).extend(Object.fromEntries(own));
  return Object.keys(headers.shape).length > 0 ? { headers } : {};
}

function register(registry: OpenAPIRegistry, e: Endpoint): void {
  const keyed = e.access !== "public" && e.access !== "event-key";
  const responses: Record<string, unknown> = {
    [e.success.status]: {
      description: e.success.description,
      ...successHeaders(e, keyed),
      ...(e.success.schema ? { content: { "application/json": { schema: e.success.schema } } } : {}),
    },
  };
  if (e.params || e.query || e.body) responses[400] = errorResponse("The request is malformed; `field` names what");
  if (e.access !== "public") {
    responses[401] = errorResponse("No API key, or one that is invalid, expired or revoked");
    responses[403] = errorResponse("The key lacks the scope this operation needs");
    responses[429] = errorResponse("Over the key's rate limit; see Retry-After");
  }
  if (e.body) responses[413] = errorResponse("The body is larger than this operation accepts");
  if (e.errors?.includes(404)) responses[404] = errorResponse("Not found, or another agency's");
  if (e.errors?.includes(409)) responses[409] = errorResponse("The resource is in a state that refuses this");
  if (e.method === "post" && keyed)
    responses[409] ??= errorResponse("The Idempotency-Key was used for another request, or is still running");
  registry.registerPath({
    method: e.method,
    path: e.path,
    operationId: e.operationId,
    tags: [e.tag],
    summary: e.summary,
    description: [e.description, keyed ? `Scope: \`${e.access}\`.` : ""].filter(Boolean).join("\n\n") || undefined,
    security: keyed ? [{ apiKey: [e.access] }] : [],
    request: {
      ...(e.params ? { params: e.params } : {}),
      ...(e.query ? { query: e.query } : {}),
      ...(e.method === "post" && keyed
        ? {
            headers: z.object({
              "Idempotency-Key": z
                .string()
                .max(255)
                .optional()
                .meta({ description: "Repeats of this request with the same key get the first answer (24 h)" }),
            }),
          }
        : {}),
      ...(e.body ? { body: { required: true, content: { "application/json": { schema: e.body } } } } : {}),
    },
    responses: responses as never,
  });
}

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the endpoints' zod schemas; its `webhooks`
 * section is the event catalog: every event's payload and the headers that sign it.
 */
export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: `An API key from Settings → API keys (\`aosk_…\`). Scopes: ${Object.entries(API_KEY_SCOPES)
      .map(([s, what]) => `\`${s}\` (${what})`)
      .join("; ")}.`,
  });
  for (const endpoint of V1_ENDPOINTS) register(registry, endpoint);
  for (const type of WEBHOOK_TYPES) {
    registry.registerWebhook({
      method: "post",
      path: type,
      operationId: `webhook_${type.replace(/\W/g, "_")}`,
      summary: type,
      description: `${eventDefinition(type).description}. Verify X-AOSAI-Signature or the Standard Webhooks headers before trusting the body, answer 2xx within 30 s, and ignore repeats by \`id\`.`,
      tags: ["Webhooks you receive"],
      request: {
        headers: ReceiverHeaders,
        body: { required: true, content: { "application/json": { schema: webhookPayloadSchema(type) } } },
      },
      responses: {
        200: {
          description:
            "Any 2xx within 30 s: delivered. Anything else (redirects included) is retried; 410 Gone disables the endpoint.",
        },
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Agency OS Webhooks API",
      version: packageJson.version,
      description:
        "Manage webhooks, read their delivery log, retry and emit events with an API key from Settings → API keys. Errors answer `{ error: { code, message, field? } }`. Lists page by cursor: pass `nextCursor` back as `cursor`. POSTs accept an `Idempotency-Key`.",
    },
    servers: [{ url: "/api/v1" }],
    tags: [
      { name: "Webhooks" },
      { name: "Deliveries" },
      { name: "Events" },
      { name: "Event types" },
      { name: "Documents" },
      { name: "Webhooks you receive", description: "What each subscribed endpoint receives (the `webhooks` section)" },
    ],
  });
}
