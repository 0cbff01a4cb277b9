import type { Metadata } from "next";
import Link from "next/link";
import { KeyRound } from "lucide-react";
import { ApiKeysTable } from "@/components/api-keys/api-keys-table.tsx";
import { CreateApiKeyDialog } from "@/components/api-keys/create-api-key-dialog.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { PageHeader } from "@/components/webhooks/page-header.tsx";
import { listApiKeys } from "@/lib/api-keys/list-api-keys.ts";
import { requireWebhookManager } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/index.ts";

export const metadata: Metadata = { title: "API keys · Agency OS" };

export default async function ApiKeysPage() {
  const ctx = await requireWebhookManager();
  const keys = await listApiKeys(await db(), { agencyId: ctx.agency.id });
  return (
    <div className="grid min-w-0 gap-6 [&>*]:min-w-0">
      <PageHeader
        title="API keys"
        description={
          <>
            Keys let other software manage webhooks, read the delivery log, retry and emit events through the{" "}
            <Link className="underline" href="/settings/api">
              Agency OS Webhooks API
            </Link>
            .
          </>
        }
        actions={<CreateApiKeyDialog />}
      >
        <p className="mt-2 text-sm text-muted-foreground">
          Agency ID (the <code className="font-mono">agencyId</code> of agency-os/* Inngest events):{" "}
          <code className="font-mono" data-testid="agency-id">
            {ctx.agency.id}
          </code>
        </p>
      </PageHeader>
      {keys.length === 0 ? (
        <EmptyState
          icon={KeyRound}
          title="No API keys yet"
          description="Create a key for each piece of software that calls the API, with only the scopes it needs."
        />
      ) : (
        <ApiKeysTable keys={keys} />
      )}
    </div>
  );
}
