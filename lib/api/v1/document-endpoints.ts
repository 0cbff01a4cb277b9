import { z } from "zod";
import { defineEndpoint } from "../define-endpoint.ts";

export const getOpenApiDocument = defineEndpoint({
  method: "get",
  path: "/openapi.json",
  operationId: "getOpenApiDocument",
  tag: "Documents",
  summary: "This document (OpenAPI 3.1)",
  access: "public",
  success: { status: 200, description: "The OpenAPI document", schema: z.record(z.string(), z.unknown()) },
});

export const getAsyncApiDocument = defineEndpoint({
  method: "get",
  path: "/asyncapi.json",
  operationId: "getAsyncApiDocument",
  tag: "Documents",
  summary: "The event catalog as an AsyncAPI 3 document",
  access: "public",
  success: { status: 200, description: "The AsyncAPI document", schema: z.record(z.string(), z.unknown()) },
});
