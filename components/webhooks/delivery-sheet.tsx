"use client";

import { Button } from "@/components/ui/button.tsx";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet.tsx";
import { Skeleton } from "@/components/ui/skeleton.tsx";
import { AttemptDetails } from "./attempt-details.tsx";
import { ApiError } from "./fetch-json.ts";
import { useFormatters } from "@/components/app/local-format.tsx";
import { ResendEventButtons } from "./resend-event-buttons.tsx";
import { DeliveryStatusBadge, ResentBadge, TestBadge } from "./status-badges.tsx";
import { useDeliveryDetail } from "./use-deliveries.ts";

type Props = {
  webhookId: string;
  deliveryId: string | null;
  onClose: () => void;
  onRetry?: (id: string) => void;
  busyId: string | null;
};

/** Every attempt of one delivery: what was sent, what came back, and when the next retry runs. */
export function DeliverySheet({ webhookId, deliveryId, onClose, onRetry, busyId }: Props) {
  const { data, error, isPending } = useDeliveryDetail(webhookId, deliveryId);
  const f = useFormatters();
  return (
    <Sheet open={deliveryId !== null} onOpenChange={(open) => !open && onClose()}>
      <SheetContent className="w-full sm:max-w-2xl" data-testid="delivery-sheet">
        <SheetHeader>
          <SheetTitle>{data ? data.eventType : "Delivery"}</SheetTitle>
          <SheetDescription className="font-mono text-xs break-all">
            {data ? `Event ${data.eventId} · delivery ${data.id}` : "Loading…"}
          </SheetDescription>
        </SheetHeader>
        <div className="grid gap-4 px-4 pb-6">
          {error ? (
            <p className="text-sm text-destructive">
              {error instanceof ApiError ? error.message : "This delivery could not be loaded."}
            </p>
          ) : isPending || !data ? (
            <Skeleton className="h-40 w-full" />
          ) : (
            <>
              <div className="flex flex-wrap items-center gap-2">
                <DeliveryStatusBadge status={data.status} nextAttemptAt={data.nextAttemptAt} />
                {data.isTest && <TestBadge />}
                {data.resentFromId && <ResentBadge />}
                <span className="text-sm text-muted-foreground">
                  {data.attemptCount} {data.attemptCount === 1 ? "attempt" : "attempts"}
                </span>
                {onRetry && data.status === "failed" && (
                  <Button
                    size="sm"
                    variant="outline"
                    className="ml-auto"
                    disabled={busyId === data.id}
                    onClick={() => onRetry(data.id)}
                  >
                    {busyId === data.id ? "Retrying…" : "Retry now"}
                  </Button>
                )}
              </div>
              <p className="text-sm" data-testid="next-retry">
                {data.status === "pending" && data.nextAttemptAt
                  ? `Next retry: ${f.dateTime(data.nextAttemptAt, true)}`
                  : data.status === "pending"
                    ? "The first attempt is about to run."
                    : data.status === "paused"
                      ? "Paused: the webhook is disabled. It resumes when you enable the webhook."
                      : data.status === "failed"
                        ? `${data.failureReason ? `${data.failureReason}. ` : ""}No more automatic retries. Use Retry to try again.`
                        : "Delivered. No more retries."}
              </p>
              {onRetry && !data.isTest && (
                <ResendEventButtons eventId={data.eventId} webhookId={webhookId} deliveryId={data.id} />
              )}
              {data.attempts.length === 0 ? (
                <p className="text-sm text-muted-foreground">No attempts yet.</p>
              ) : (
                [...data.attempts].reverse().map((a) => <AttemptDetails key={a.id} attempt={a} webhookId={webhookId} />)
              )}
            </>
          )}
        </div>
      </SheetContent>
    </Sheet>
  );
}
