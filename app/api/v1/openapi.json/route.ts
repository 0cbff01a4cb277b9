import { apiRoute } from "@/lib/api/api-route.ts";
import { buildOpenApiDocument } from "@/lib/api/openapi/build-openapi.ts";
import { getOpenApiDocument } from "@/lib/api/v1/document-endpoints.ts";

// Generated from the zod schemas when the app is built, then served as a static file.
export const dynamic = "force-static";

export const GET = apiRoute(
  getOpenApiDocument,
  async () => buildOpenApiDocument() as unknown as Record<string, unknown>,
);
