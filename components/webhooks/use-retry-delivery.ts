"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { retryDeliveryAction } from "@/lib/actions/webhooks/retry-delivery.ts";
import { useFormatters } from "@/components/app/local-format.tsx";
import { deliveriesKey } from "./use-deliveries.ts";

/** Retry one delivery now, then say how it went and refresh the log, stats and audit log. */
export function useRetryDelivery(webhookId: string) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const f = useFormatters();
  const [busy, setBusy] = useState<string | null>(null);
  async function retry(deliveryId: string) {
    setBusy(deliveryId);
    try {
      const result = await retryDeliveryAction({ webhookId, deliveryId });
      if (!result.ok) toast.error(result.error);
      else if (result.data.ok)
        toast.success(`Retry succeeded: ${result.data.statusCode} in ${f.duration(result.data.durationMs)}`);
      else toast.error(`Retry failed: ${result.data.errorMessage ?? `status ${result.data.statusCode}`}`);
    } catch {
      toast.error("The retry could not be started. Try again.");
    } finally {
      setBusy(null);
      await queryClient.invalidateQueries({ queryKey: deliveriesKey(webhookId) });
      router.refresh();
    }
  }
  return { retry, busy };
}
