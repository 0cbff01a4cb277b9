"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { retryFailedAction } from "@/lib/actions/webhooks/retry-failed.ts";
import { RETRY_RANGES, type RetryRange } from "@/lib/webhooks/retry-ranges.ts";
import { Button } from "@/components/ui/button.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog.tsx";
import { Label } from "@/components/ui/label.tsx";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select.tsx";
import { deliveriesKey } from "./use-deliveries.ts";

/** Retry Failed: a new attempt now for every failed delivery in the chosen time range. */
export function RetryFailedDialog({ webhookId }: { webhookId: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [range, setRange] = useState<RetryRange>("24h");
  const [summary, setSummary] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function run() {
    setSummary(null);
    startTransition(async () => {
      const result = await retryFailedAction({ webhookId, range });
      if (!result.ok) {
        setSummary(result.error);
        toast.error(result.error);
        return;
      }
      const { matched, attempted, succeeded, failed } = result.data;
      const text =
        matched === 0
          ? "No failed deliveries in this time range."
          : `Retried ${attempted} of ${matched} failed ${matched === 1 ? "delivery" : "deliveries"}: ${succeeded} succeeded, ${failed} failed again.`;
      setSummary(text);
      toast.success(text);
      await queryClient.invalidateQueries({ queryKey: deliveriesKey(webhookId) });
      router.refresh();
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) setSummary(null);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          Retry Failed
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Retry Failed</DialogTitle>
          <DialogDescription>
            Every failed delivery created in the time range gets a new attempt now, oldest first.
          </DialogDescription>
        </DialogHeader>
        <div className="grid gap-1.5">
          <Label htmlFor="retry-range">Time range</Label>
          <Select value={range} onValueChange={(v) => setRange(v as RetryRange)}>
            <SelectTrigger id="retry-range" className="w-full">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {Object.entries(RETRY_RANGES).map(([key, r]) => (
                <SelectItem key={key} value={key}>
                  {r.label}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        <p aria-live="polite" data-testid="retry-failed-summary" className={summary ? "text-sm" : "sr-only"}>
          {summary}
        </p>
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>
            Close
          </Button>
          <Button onClick={run} disabled={pending}>
            {pending ? "Retrying…" : "Retry failed deliveries"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
