import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card.tsx";
import type { AuditEntryView } from "@/lib/audit/list-audit.ts";
import type { ReactNode } from "react";
import { LocalDateTime } from "@/components/app/local-format.tsx";

function detailText(entry: AuditEntryView): ReactNode {
  const d = entry.details;
  if (entry.action === "webhook.updated" && Array.isArray(d.changed))
    return d.changed.length ? `Changed: ${d.changed.join(", ")}` : "No changes";
  if (entry.action === "webhook.test_sent" && typeof d.eventType === "string")
    return `${d.eventType} → ${d.statusCode ?? "no response"}`;
  if (entry.action === "delivery.retried" && typeof d.eventId === "string")
    return `Event ${d.eventId} → ${d.statusCode ?? "no response"}`;
  if (entry.action === "delivery.retried_failed") return `${d.attempted ?? 0} retried, ${d.succeeded ?? 0} succeeded`;
  if (entry.action === "webhook.secret_rotated" && typeof d.previousValidUntil === "string")
    return (
      <>
        Old secret valid until <LocalDateTime iso={d.previousValidUntil} />
      </>
    );
  if (entry.action === "webhook.enabled" && typeof d.resumed === "number" && d.resumed > 0)
    return `${d.resumed} paused deliveries resumed`;
  return null;
}

/** Who changed what, and when: every change made through these screens. */
export function AuditLogList({ entries }: { entries: AuditEntryView[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle asChild>
          <h2>Audit log</h2>
        </CardTitle>
      </CardHeader>
      <CardContent>
        {entries.length === 0 ? (
          <p className="text-sm text-muted-foreground">No changes recorded yet.</p>
        ) : (
          <ol className="grid gap-3" data-testid="audit-log">
            {entries.map((e) => {
              const extra = detailText(e);
              return (
                <li key={e.id} className="grid gap-0.5 text-sm">
                  <p>
                    <span className="font-medium">{e.actor.replace(/ <.*>$/, "")}</span> {e.summary}
                  </p>
                  <p className="text-xs text-muted-foreground">
                    <LocalDateTime iso={e.createdAt} />
                    {extra && <> · {extra}</>}
                  </p>
                </li>
              );
            })}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
