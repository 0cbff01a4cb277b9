import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card.tsx";
import type { WebhookItem } from "@/lib/webhooks/logs/webhook-list.ts";
import { LocalDateTime } from "@/components/app/local-format.tsx";
import { CustomHeaderList } from "./reveal-header-values.tsx";
import { WebhookStatusBadge } from "./status-badges.tsx";
import { WebhookStatusToggle } from "./webhook-status-toggle.tsx";

/** Where deliveries go, what is subscribed, and whether the endpoint is on. */
export function WebhookOverviewCard({ webhook }: { webhook: WebhookItem }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle asChild>
          <h2>Endpoint</h2>
        </CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4 text-sm">
        <div className="flex flex-wrap items-center gap-3">
          <WebhookStatusToggle webhook={webhook} />
          <WebhookStatusBadge status={webhook.status} />
        </div>
        {webhook.status !== "active" && (
          <p className="rounded-md border bg-muted/40 p-3" data-testid="disabled-reason">
            {webhook.status === "auto_disabled"
              ? (webhook.disabledReason ?? "Disabled automatically.")
              : "Disabled by an admin: nothing is sent or retried. Events that happen meanwhile wait and are delivered when you enable it."}
            {webhook.disabledAt && (
              <span className="block text-xs text-muted-foreground">
                Since <LocalDateTime iso={webhook.disabledAt} />
              </span>
            )}
          </p>
        )}
        <dl className="grid gap-3">
          <div className="grid gap-1">
            <dt className="text-xs font-medium text-muted-foreground uppercase">URL</dt>
            <dd className="font-mono text-[13px] break-all" data-testid="webhook-url">
              {webhook.url}
            </dd>
          </div>
          <div className="grid gap-1">
            <dt className="text-xs font-medium text-muted-foreground uppercase">Events ({webhook.events.length})</dt>
            <dd>
              <ul className="flex flex-wrap gap-1.5" data-testid="webhook-events">
                {webhook.events.map((e) => (
                  <li key={e} className="rounded-md bg-muted px-2 py-0.5 font-mono text-xs">
                    {e}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
          {Object.keys(webhook.headers).length > 0 && (
            <div className="grid gap-1">
              <dt className="text-xs font-medium text-muted-foreground uppercase">Custom headers</dt>
              <dd>
                <CustomHeaderList webhookId={webhook.id} headers={webhook.headers} />
              </dd>
            </div>
          )}
        </dl>
      </CardContent>
    </Card>
  );
}
