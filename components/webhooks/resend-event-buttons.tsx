"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTransition } from "react";
import { toast } from "sonner";
import { resendEventAction } from "@/lib/actions/webhooks/resend-event.ts";
import { Button } from "@/components/ui/button.tsx";

/**
 * Resend an event: to this webhook only, or to every webhook it was delivered to. Each makes a
 * new delivery (same event ID), marked Resent in the log.
 */
export function ResendEventButtons({ eventId, webhookId }: { eventId: string; webhookId?: string }) {
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const resend = (webhookIds: string[]) =>
    startTransition(async () => {
      const result = await resendEventAction({ eventId, webhookIds });
      if (!result.ok) {
        toast.error(result.error);
        return;
      }
      const n = result.data.deliveries.length;
      toast.success(`Resent to ${n} ${n === 1 ? "webhook" : "webhooks"}.`);
      await queryClient.invalidateQueries({ queryKey: ["webhooks"] });
    });
  return (
    <div className="flex flex-wrap gap-2">
      {webhookId && (
        <Button size="sm" variant="outline" disabled={pending} onClick={() => resend([webhookId])}>
          Resend to this webhook
        </Button>
      )}
      <Button size="sm" variant="outline" disabled={pending} onClick={() => resend([])}>
        Resend to all its webhooks
      </Button>
    </div>
  );
}
