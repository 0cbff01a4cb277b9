import { apiRoute } from "@/lib/api/api-route.ts";
import { getAsyncApiDocument } from "@/lib/api/v1/document-endpoints.ts";
import { buildAsyncApiDocument } from "@/lib/webhooks/catalog-docs/asyncapi-document.ts";

// Generated from the event catalog when the app is built, then served as a static file.
export const dynamic = "force-static";

export const GET = apiRoute(getAsyncApiDocument, async () => buildAsyncApiDocument());
