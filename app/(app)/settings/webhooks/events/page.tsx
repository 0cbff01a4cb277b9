import type { Metadata } from "next";
import { EventCatalogEntry } from "@/components/webhooks/event-catalog-entry.tsx";
import { PageHeader } from "@/components/webhooks/page-header.tsx";
import { VerifySnippets } from "@/components/webhooks/verify-snippets.tsx";
import { requireWebhookManager } from "@/lib/auth/session.ts";
import { EVENT_GROUPS, eventTypesInGroup } from "@/lib/webhooks/event-catalog.ts";
import { loadVerifySnippets } from "./load-snippets.ts";

export const metadata: Metadata = { title: "Event catalog · Agency OS" };
export const dynamic = "force-dynamic";

export default async function EventCatalogPage() {
  await requireWebhookManager();
  const snippets = await loadVerifySnippets();
  return (
    <div className="grid min-w-0 gap-8 [&>*]:min-w-0">
      <PageHeader
        title="Event catalog"
        description="Every event a webhook can subscribe to, with the fields of its data and a sample payload."
      />
      <section aria-labelledby="verify-heading" className="grid min-w-0 gap-3 [&>*]:min-w-0">
        <h2 id="verify-heading" className="text-lg font-semibold">
          Verify signatures
        </h2>
        <p className="text-sm text-muted-foreground">
          Every delivery carries <code className="font-mono">X-AOSAI-Signature: sha256=…</code>, the HMAC-SHA256 of{" "}
          <code className="font-mono">X-AOSAI-Timestamp</code> followed by the raw body, keyed with your webhook&apos;s
          secret. Standard Webhooks libraries can verify the <code className="font-mono">webhook-signature</code> header
          instead. Use the event&apos;s <code className="font-mono">id</code> to ignore repeats.
        </p>
        <VerifySnippets snippets={snippets} />
      </section>
      <section aria-labelledby="downloads-heading" className="grid min-w-0 gap-2">
        <h2 id="downloads-heading" className="text-lg font-semibold">
          Machine-readable
        </h2>
        <p className="text-sm text-muted-foreground">
          The whole catalog as an{" "}
          <a className="underline" href="/api/v1/asyncapi.json" download="agency-os-events.asyncapi.json">
            AsyncAPI 3 document
          </a>
          , in the{" "}
          <a className="underline" href="/api/v1/openapi.json" download="agency-os-webhooks.openapi.json">
            OpenAPI document
          </a>
          &apos;s webhooks section, and as a JSON Schema per event type below. TypeScript receivers get typed payloads
          and <code className="font-mono">verifyWebhook</code> from the{" "}
          <code className="font-mono">@agency-os/webhooks</code> package.
        </p>
      </section>
      {EVENT_GROUPS.map(({ group, label }) => (
        <section key={group} aria-labelledby={`group-${group}`} className="grid min-w-0 gap-4 [&>*]:min-w-0">
          <h2 id={`group-${group}`} className="text-lg font-semibold">
            {label}
          </h2>
          {eventTypesInGroup(group).map((type) => (
            <EventCatalogEntry key={type} type={type} />
          ))}
        </section>
      ))}
    </div>
  );
}
