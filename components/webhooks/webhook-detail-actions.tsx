"use client";

import Link from "next/link";
import { useState } from "react";
import { Pencil, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button.tsx";
import { DeleteWebhookDialog } from "./delete-webhook-dialog.tsx";

export function WebhookDetailActions({ webhook }: { webhook: { id: string; name: string } }) {
  const [deleting, setDeleting] = useState(false);
  return (
    <>
      <Button variant="outline" asChild>
        <Link href={`/settings/webhooks/${webhook.id}/edit`}>
          <Pencil aria-hidden /> Edit
        </Link>
      </Button>
      <Button variant="outline" onClick={() => setDeleting(true)}>
        <Trash2 aria-hidden /> Delete
      </Button>
      <DeleteWebhookDialog
        webhook={webhook}
        open={deleting}
        onOpenChange={setDeleting}
        redirectTo="/settings/webhooks"
      />
    </>
  );
}
