"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { MoreHorizontal } from "lucide-react";
import { toast } from "sonner";
import { setWebhookEnabledAction } from "@/lib/actions/webhooks/set-webhook-enabled.ts";
import { Button } from "@/components/ui/button.tsx";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu.tsx";
import type { WebhookItem } from "@/lib/webhooks/logs/webhook-list.ts";
import { DeleteWebhookDialog } from "./delete-webhook-dialog.tsx";

type Props = { webhook: Pick<WebhookItem, "id" | "name" | "status"> };

/** Edit, View Logs, Test, Disable/Enable and Delete for one row. */
export function WebhookRowActions({ webhook }: Props) {
  const router = useRouter();
  const [deleting, setDeleting] = useState(false);
  const [pending, startTransition] = useTransition();
  const active = webhook.status === "active";

  function toggle() {
    startTransition(async () => {
      const result = await setWebhookEnabledAction({ id: webhook.id, enabled: !active });
      if (!result.ok) return void toast.error(result.error);
      toast.success(
        active ? `${webhook.name} is disabled: no deliveries until you enable it` : `${webhook.name} is enabled`,
      );
      router.refresh();
    });
  }

  const base = `/settings/webhooks/${webhook.id}`;
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" disabled={pending}>
            <MoreHorizontal aria-hidden />
            <span className="sr-only">Actions for {webhook.name}</span>
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem asChild>
            <Link href={`${base}/edit`}>Edit</Link>
          </DropdownMenuItem>
          <DropdownMenuItem asChild>
            <Link href={`${base}?tab=logs`}>View Logs</Link>
          </DropdownMenuItem>
          <DropdownMenuItem asChild>
            <Link href={`${base}?tab=test`}>Test</Link>
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={toggle}>{active ? "Disable" : "Enable"}</DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem variant="destructive" onSelect={() => setDeleting(true)}>
            Delete
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <DeleteWebhookDialog webhook={webhook} open={deleting} onOpenChange={setDeleting} />
    </>
  );
}
