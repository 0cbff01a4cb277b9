"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import { setWebhookEnabledAction } from "@/lib/actions/webhooks/set-webhook-enabled.ts";
import { Label } from "@/components/ui/label.tsx";
import { Switch } from "@/components/ui/switch.tsx";
import type { WebhookItem } from "@/lib/webhooks/logs/webhook-list.ts";

/** On = deliveries flow; off = Disable (paused deliveries resume when switched back on). */
export function WebhookStatusToggle({ webhook }: { webhook: Pick<WebhookItem, "id" | "status"> }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const active = webhook.status === "active";
  return (
    <div className="flex items-center gap-2">
      <Switch
        id="webhook-enabled"
        checked={active}
        disabled={pending}
        onCheckedChange={(enabled) =>
          startTransition(async () => {
            const result = await setWebhookEnabledAction({ id: webhook.id, enabled });
            if (!result.ok) return void toast.error(result.error);
            toast.success(
              enabled
                ? result.data.resumed > 0
                  ? `Webhook enabled: ${result.data.resumed} paused ${result.data.resumed === 1 ? "delivery is" : "deliveries are"} being sent`
                  : "Webhook enabled"
                : "Webhook disabled: no deliveries or retries until you enable it",
            );
            router.refresh();
          })
        }
      />
      <Label htmlFor="webhook-enabled">{pending ? "Saving…" : active ? "Enabled" : "Disabled"}</Label>
    </div>
  );
}
