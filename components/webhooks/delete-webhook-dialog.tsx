"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { deleteWebhookAction } from "@/lib/actions/webhooks/delete-webhook.ts";
import { ConfirmDialog } from "@/components/ui/confirm-dialog.tsx";

type Props = {
  webhook: { id: string; name: string };
  open: boolean;
  onOpenChange: (open: boolean) => void;
  redirectTo?: string;
};

/** Deleting removes the endpoint and its delivery log; there is no undo, so it asks first. */
export function DeleteWebhookDialog({ webhook, open, onOpenChange, redirectTo }: Props) {
  const router = useRouter();
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      destructive
      title={`Delete ${webhook.name}?`}
      description="Agency OS stops sending events to this endpoint at once, and its delivery log is removed. This cannot be undone; to pause deliveries instead, use Disable."
      confirmLabel="Delete webhook"
      pendingLabel="Deleting…"
      onConfirm={async () => {
        const result = await deleteWebhookAction({ id: webhook.id });
        if (!result.ok) {
          toast.error(result.error);
          return false;
        }
        toast.success(`${webhook.name} was deleted`);
        if (redirectTo) router.push(redirectTo);
        router.refresh();
        return true;
      }}
    />
  );
}
