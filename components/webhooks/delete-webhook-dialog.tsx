"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import { deleteWebhookAction } from "@/lib/actions/webhooks/delete-webhook.ts";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog.tsx";

type Props = {
  webhook: { id: string; name: string };
  open: boolean;
  onOpenChange: (open: boolean) => void;
  redirectTo?: string;
};

/** Deleting removes the endpoint and its delivery log; there is no undo, so it asks first. */
export function DeleteWebhookDialog({ webhook, open, onOpenChange, redirectTo }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  function confirm(event: React.MouseEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = await deleteWebhookAction({ id: webhook.id });
      if (!result.ok) {
        toast.error(result.error);
        return;
      }
      onOpenChange(false);
      toast.success(`${webhook.name} was deleted`);
      if (redirectTo) router.push(redirectTo);
      router.refresh();
    });
  }
  return (
    <AlertDialog open={open} onOpenChange={onOpenChange}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete {webhook.name}?</AlertDialogTitle>
          <AlertDialogDescription>
            Agency OS stops sending events to this endpoint at once, and its delivery log is removed. This cannot be
            undone; to pause deliveries instead, use Disable.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
          <AlertDialogAction variant="destructive" disabled={pending} onClick={confirm}>
            {pending ? "Deleting…" : "Delete webhook"}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
