"use client";

import { useState, useTransition, type ReactNode } from "react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog.tsx";

type Props = {
  title: ReactNode;
  description: ReactNode;
  /** The confirm button's label, and what it says while the action runs ("Deleting…"). */
  confirmLabel: string;
  pendingLabel: string;
  destructive?: boolean;
  /** The button that opens it; leave out and pass `open`/`onOpenChange` to open it from elsewhere (a menu). */
  trigger?: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** Runs the action; the dialog closes when it resolves true and stays open (to try again) otherwise. */
  onConfirm: () => Promise<boolean>;
};

/**
 * Asks before something that cannot be undone. The buttons are disabled while the action
 * runs, so a second click cannot send it twice; Escape and Cancel close it as before.
 */
export function ConfirmDialog({
  title,
  description,
  confirmLabel,
  pendingLabel,
  destructive,
  trigger,
  open: controlledOpen,
  onOpenChange,
  onConfirm,
}: Props) {
  const [ownOpen, setOwnOpen] = useState(false);
  const open = controlledOpen ?? ownOpen;
  const setOpen = onOpenChange ?? setOwnOpen;
  const [pending, startTransition] = useTransition();

  function confirm(event: React.MouseEvent) {
    // AlertDialogAction closes on click; the dialog stays until the action has answered.
    event.preventDefault();
    startTransition(async () => {
      if (await onConfirm()) setOpen(false);
    });
  }

  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      {trigger && <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger>}
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
          <AlertDialogAction variant={destructive ? "destructive" : undefined} disabled={pending} onClick={confirm}>
            {pending ? pendingLabel : confirmLabel}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
