import { Badge } from "@/components/ui/badge.tsx";
import { DataTable } from "@/components/ui/data-table.tsx";
import { TableCell, TableRow } from "@/components/ui/table.tsx";
import { LocalDateTime } from "@/components/app/local-format.tsx";
import { TimeAgo } from "@/components/webhooks/time-ago.tsx";
import type { ApiKeyView } from "@/lib/api-keys/api-key-view.ts";
import { RevokeApiKeyButton } from "./revoke-api-key-button.tsx";

const STATUS = { active: "Active", expired: "Expired", revoked: "Revoked" } as const;

/** The agency's keys: what each may do, when it was last used, and Revoke. */
export function ApiKeysTable({ keys }: { keys: ApiKeyView[] }) {
  return (
    <DataTable columns={["Name", "Key", "Scopes", "Status", "Last used", "Expires"]} actions label="API keys">
      {keys.map((key) => (
        <TableRow key={key.id} data-testid="api-key-row">
          <TableCell>
            <div className="font-medium">{key.name}</div>
            <div className="text-xs text-muted-foreground">Created by {key.createdBy}</div>
          </TableCell>
          <TableCell className="font-mono text-xs">{key.prefix}…</TableCell>
          <TableCell className="text-xs whitespace-normal">
            <ul className="flex flex-wrap gap-1">
              {key.scopes.map((s) => (
                <li key={s}>
                  <Badge variant="outline" className="font-mono">
                    {s}
                  </Badge>
                </li>
              ))}
            </ul>
          </TableCell>
          <TableCell>
            <Badge variant={key.status === "active" ? "default" : "secondary"}>{STATUS[key.status]}</Badge>
          </TableCell>
          <TableCell className="text-sm">{key.lastUsedAt ? <TimeAgo iso={key.lastUsedAt} /> : "Never"}</TableCell>
          <TableCell className="text-sm">{key.expiresAt ? <LocalDateTime iso={key.expiresAt} /> : "Never"}</TableCell>
          <TableCell className="text-right">{key.status === "active" && <RevokeApiKeyButton apiKey={key} />}</TableCell>
        </TableRow>
      ))}
    </DataTable>
  );
}
