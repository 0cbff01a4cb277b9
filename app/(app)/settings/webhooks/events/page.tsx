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
