"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { resendEventAction } from "@/lib/actions/webhooks/resend-event.ts";
import { Button } from "@/components/ui/button.tsx";
import { ResendTargetPicker } from "./resend-target-picker.tsx";

/**
 * Resend an event: to this webhook, to every webhook it was delivered to, or to the webhooks
 * the admin picks. Each makes a new delivery (same event ID), marked Resent in the log.
 */
export function ResendEventButtons({
  eventId,
  webhookId,
  deliveryId,
}: {
  eventId: string;
  webhookId: string;
  deliveryId: string;
}) {
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const [picking, setPicking] = useState(false);
  const resend = (webhookIds: string[]) =>
    startTransition(async () => {
      const result = await resendEventAction({ eventId, webhookIds });
      if (!result.ok) {
        toast.error(result.error);
        return;
      }
      const n = result.data.deliveries.length;
      toast.success(`Resent to ${n} ${n === 1 ? "webhook" : "webhooks"}.`);
      setPicking(false);
      await queryClient.invalidateQueries({ queryKey: ["webhooks"] });
    });
  return (
    <div className="grid gap-2">
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant="outline" disabled={pending} onClick={() => resend([webhookId])}>
          Resend to this webhook
        </Button>
        <Button size="sm" variant="outline" disabled={pending} onClick={() => resend([])}>
          Resend to all its webhooks
        </Button>
        <Button size="sm" variant="outline" aria-expanded={picking} onClick={() => setPicking((p) => !p)}>
          Resend to chosen webhooks…
        </Button>
      </div>
      {picking && (
        <ResendTargetPicker
          webhookId={webhookId}
          deliveryId={deliveryId}
          pending={pending}
          onResend={resend}
          onCancel={() => setPicking(false)}
        />
      )}
    </div>
  );
}
