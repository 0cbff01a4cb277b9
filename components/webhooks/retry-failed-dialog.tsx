"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import { cancelRetryJobAction } from "@/lib/actions/webhooks/cancel-retry-job.ts";
import { retryFailedAction } from "@/lib/actions/webhooks/retry-failed.ts";
import { EVENT_TYPES, type EventType } from "@/lib/webhooks/event-catalog.ts";
import { RETRY_RANGE_OPTIONS, RETRY_STATUSES, type RetryRange, type RetryStatus } from "@/lib/webhooks/retry-ranges.ts";
import { Button } from "@/components/ui/button.tsx";
import { Checkbox } from "@/components/ui/checkbox.tsx";
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
import { asOptions, LabelledSelect } from "@/components/ui/labelled-select.tsx";
import { RetryJobProgress } from "./retry-job-progress.tsx";
import { useRetryJob } from "./use-retry-job.ts";

/**
 * Retry Failed: a background job gives every delivery in the range whose last attempt failed
 * (failed, or waiting for its next automatic try) a new attempt; the dialog shows its progress
 * and can cancel it. `webhookId` absent: every endpoint of the agency.
 */
export function RetryFailedDialog({ webhookId, onSettled }: { webhookId?: string; onSettled?: () => void }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [range, setRange] = useState<RetryRange>("24h");
  const [eventType, setEventType] = useState<EventType | undefined>();
  const [statuses, setStatuses] = useState<RetryStatus[]>(["failed", "retrying"]);
  const [jobId, setJobId] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const job = useRetryJob(jobId).data;
  const running = job?.status === "running";
  const finished = job !== undefined && !running;

  // The log and the list show the retried deliveries once the job is over.
  useEffect(() => {
    if (!finished) return;
    void queryClient.invalidateQueries({ queryKey: ["webhooks"] });
    router.refresh();
    onSettled?.();
  }, [finished, queryClient, router, onSettled]);

  function start() {
    setMessage(null);
    startTransition(async () => {
      const result = await retryFailedAction({
        webhookId,
        range,
        eventTypes: eventType ? [eventType] : [],
        statuses,
      });
      if (!result.ok) {
        setMessage(result.error);
        toast.error(result.error);
        return;
      }
      if (result.data.total === 0) setMessage("No failed deliveries match.");
      else setJobId(result.data.id);
    });
  }

  function cancel() {
    if (!jobId) return;
    startTransition(async () => {
      const result = await cancelRetryJobAction({ jobId });
      if (!result.ok) toast.error(result.error);
      await queryClient.invalidateQueries({ queryKey: ["webhooks", "retry-jobs", jobId] });
    });
  }

  // Closing (Escape, the corner button or Close) leaves a running job running; a finished one is forgotten.
  function changeOpen(o: boolean) {
    setOpen(o);
    if (!o && !running) {
      setJobId(null);
      setMessage(null);
    }
  }

  const toggleStatus = (s: RetryStatus, on: boolean) =>
    setStatuses((cur) => (on ? [...new Set([...cur, s])] : cur.filter((x) => x !== s)));

  return (
    <Dialog open={open} onOpenChange={changeOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          Retry Failed
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Retry Failed</DialogTitle>
          <DialogDescription>
            Every delivery in the range whose last attempt failed gets a new attempt now, oldest first, in the
            background. Deliveries still waiting for an automatic retry are included: the new attempt replaces the wait.
          </DialogDescription>
        </DialogHeader>
        {jobId ? (
          <RetryJobProgress job={job} />
        ) : (
          <div className="grid gap-4">
            <LabelledSelect
              id="retry-range"
              label="Time range"
              value={range}
              onChange={(v) => v && setRange(v)}
              options={RETRY_RANGE_OPTIONS}
            />
            <LabelledSelect
              id="retry-event-type"
              label="Event type"
              value={eventType}
              onChange={setEventType}
              options={asOptions(EVENT_TYPES)}
              allLabel="All event types"
            />
            <fieldset className="grid gap-2">
              <legend className="mb-1 text-sm font-medium">Status</legend>
              {(Object.keys(RETRY_STATUSES) as RetryStatus[]).map((s) => (
                <div key={s} className="flex items-center gap-2">
                  <Checkbox
                    id={`retry-status-${s}`}
                    checked={statuses.includes(s)}
                    onCheckedChange={(c) => toggleStatus(s, c === true)}
                  />
                  <Label htmlFor={`retry-status-${s}`} className="font-normal">
                    {s === "failed" ? "Failed (no automatic retries left)" : "Retrying (waiting for the next try)"}
                  </Label>
                </div>
              ))}
            </fieldset>
          </div>
        )}
        <p aria-live="polite" data-testid="retry-failed-summary" className={message ? "text-sm" : "sr-only"}>
          {message}
        </p>
        <DialogFooter>
          <Button variant="outline" onClick={() => changeOpen(false)}>
            Close
          </Button>
          {running ? (
            <Button variant="destructive" onClick={cancel} disabled={pending}>
              Cancel job
            </Button>
          ) : jobId ? (
            <Button
              onClick={() => {
                setJobId(null);
                setMessage(null);
              }}
            >
              New retry
            </Button>
          ) : (
            <Button onClick={start} disabled={pending || statuses.length === 0}>
              {pending ? "Starting…" : "Retry failed deliveries"}
            </Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
