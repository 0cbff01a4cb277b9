import type { Metadata } from "next";
import { ApiReference } from "@/components/api-docs/api-reference.tsx";
import { PageHeader } from "@/components/webhooks/page-header.tsx";
import { requireWebhookManager } from "@/lib/auth/session.ts";

export const metadata: Metadata = { title: "API reference · Agency OS" };

export default async function ApiReferencePage() {
  await requireWebhookManager();
  return (
    <div className="grid min-w-0 gap-6 [&>*]:min-w-0">
      <PageHeader
        title="API reference"
        description={
          <>
            The REST API at <code className="font-mono">/api/v1</code>, from its OpenAPI document (
            <a className="underline" href="/api/v1/openapi.json" download>
              openapi.json
            </a>
            ). Authenticate with a key from Settings → API keys.
          </>
        }
      />
      <ApiReference />
    </div>
  );
}
