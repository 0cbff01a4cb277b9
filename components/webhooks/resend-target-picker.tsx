"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { Checkbox } from "@/components/ui/checkbox.tsx";
import { Label } from "@/components/ui/label.tsx";
import { Skeleton } from "@/components/ui/skeleton.tsx";
import type { ResendTarget } from "@/lib/webhooks/recovery/resend-targets.ts";
import { ApiError, fetchJson } from "./fetch-json.ts";

function why(t: ResendTarget): string {
  const parts = [t.delivered ? "got this event" : "subscribed, never got it"];
  if (!t.active) parts.push("disabled: enable it first");
  return parts.join(" · ");
}

/**
 * Resend to chosen webhooks: a checkbox for each webhook the event went to or that subscribes
 * to its type now (a disabled one is listed, not choosable); Resend sends to the checked ones.
 */
export function ResendTargetPicker({
  webhookId,
  deliveryId,
  pending,
  onResend,
  onCancel,
}: {
  webhookId: string;
  deliveryId: string;
  pending: boolean;
  onResend: (webhookIds: string[]) => void;
  onCancel: () => void;
}) {
  const [chosen, setChosen] = useState<string[]>([]);
  const { data, error, isPending } = useQuery({
    queryKey: ["webhooks", webhookId, "deliveries", "resend-targets", deliveryId],
    queryFn: () =>
      fetchJson<{ targets: ResendTarget[] }>(`/api/webhooks/${webhookId}/deliveries/${deliveryId}/resend-targets`),
    retry: false,
  });
  const toggle = (id: string, on: boolean) =>
    setChosen((cur) => (on ? [...new Set([...cur, id])] : cur.filter((x) => x !== id)));
  const n = chosen.length;

  return (
    <fieldset className="grid gap-2 rounded-md border p-3" data-testid="resend-picker">
      <legend className="px-1 text-sm font-medium">Resend to</legend>
      {error ? (
        <p className="text-sm text-destructive">
          {error instanceof ApiError ? error.message : "The webhooks could not be loaded."}
        </p>
      ) : isPending ? (
        <Skeleton className="h-16 w-full" />
      ) : (
        <ul className="grid gap-2">
          {data.targets.map((t) => {
            const id = `resend-to-${t.webhookId}`;
            return (
              <li key={t.webhookId} className="flex items-start gap-2">
                <Checkbox
                  id={id}
                  className="mt-0.5"
                  checked={chosen.includes(t.webhookId)}
                  disabled={!t.active}
                  onCheckedChange={(c) => toggle(t.webhookId, c === true)}
                  aria-describedby={`${id}-why`}
                />
                <div className="grid">
                  <Label htmlFor={id} className="font-normal">
                    {t.name}
                  </Label>
                  <span id={`${id}-why`} className="text-xs text-muted-foreground">
                    {why(t)}
                  </span>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <div className="flex flex-wrap gap-2">
        <Button size="sm" disabled={pending || n === 0} onClick={() => onResend(chosen)}>
          {n === 0 ? "Choose webhooks" : `Resend to ${n} ${n === 1 ? "webhook" : "webhooks"}`}
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </fieldset>
  );
}
