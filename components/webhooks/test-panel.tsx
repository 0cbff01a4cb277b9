"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Send } from "lucide-react";
import { toast } from "sonner";
import type { AttemptResultView } from "@/lib/webhooks/attempt-result-view.ts";
import { sendTestAction } from "@/lib/actions/webhooks/send-test.ts";
import { Button } from "@/components/ui/button.tsx";
import { Field, FieldControl, FieldDescription, FieldError, FieldLabel } from "@/components/ui/field.tsx";
import { Label } from "@/components/ui/label.tsx";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select.tsx";
import { Textarea } from "@/components/ui/textarea.tsx";
import { EVENT_TYPES, parseEventData, sampleEventData, type EventType } from "@/lib/webhooks/event-catalog.ts";
import { TestResult } from "./test-result.tsx";
import { deliveriesKey } from "./use-deliveries.ts";

const sampleText = (type: EventType) => JSON.stringify(sampleEventData(type), null, 2);

/** Test: the chosen event's sample (editable, checked against its schema) to this endpoint only. */
export function TestPanel({
  webhookId,
  subscribed,
  active,
}: {
  webhookId: string;
  subscribed: EventType[];
  active: boolean;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [eventType, setEventType] = useState<EventType>(subscribed[0] ?? EVENT_TYPES[0]);
  const [json, setJson] = useState(() => sampleText(subscribed[0] ?? EVENT_TYPES[0]));
  const [dataError, setDataError] = useState<string | null>(null);
  const [result, setResult] = useState<AttemptResultView | null>(null);
  const [pending, startTransition] = useTransition();

  function validate(text: string, type: EventType): { ok: true; data: unknown } | { ok: false; error: string } {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      return {
        ok: false,
        error: `This is not valid JSON: ${err instanceof Error ? err.message : "check the brackets and quotes"}`,
      };
    }
    const parsed = parseEventData(type, data);
    return parsed.ok ? { ok: true, data } : { ok: false, error: parsed.error };
  }

  function send(event: React.FormEvent) {
    event.preventDefault();
    const checked = validate(json, eventType);
    if (!checked.ok) return setDataError(checked.error);
    setDataError(null);
    startTransition(async () => {
      const res = await sendTestAction({ id: webhookId, eventType, data: checked.data });
      if (!res.ok) {
        setDataError(res.fieldErrors?.data?.[0] ?? null);
        toast.error(res.error);
        return;
      }
      setResult(res.data);
      if (res.data.ok) toast.success(`Test delivered: ${res.data.statusCode}`);
      else toast.error(`Test failed: ${res.data.errorMessage ?? `status ${res.data.statusCode}`}`);
      await queryClient.invalidateQueries({ queryKey: deliveriesKey(webhookId) });
      router.refresh();
    });
  }

  return (
    <section aria-labelledby="test-heading" className="grid gap-4">
      <div>
        <h2 id="test-heading" className="text-lg font-semibold">
          Send a test payload
        </h2>
        <p className="text-sm text-muted-foreground">
          Signed like a real delivery and sent to this endpoint only{active ? "" : " (even while it is disabled)"}. It
          appears in the log marked Test.
        </p>
      </div>
      <form onSubmit={send} className="grid gap-4" noValidate>
        <div className="grid gap-1.5 sm:max-w-xs">
          <Label htmlFor="test-event-type">Event type</Label>
          <Select
            value={eventType}
            onValueChange={(v) => {
              const type = v as EventType;
              setEventType(type);
              setJson(sampleText(type));
              setDataError(null);
            }}
          >
            <SelectTrigger id="test-event-type" className="w-full">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {EVENT_TYPES.map((t) => (
                <SelectItem key={t} value={t}>
                  {t}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        <Field>
          <FieldLabel>Payload data (JSON)</FieldLabel>
          <FieldControl>
            <Textarea
              className="min-h-56 font-mono text-[13px]"
              spellCheck={false}
              value={json}
              onChange={(e) => {
                setJson(e.target.value);
                setDataError(null);
              }}
            />
          </FieldControl>
          <FieldDescription>
            The event&apos;s sample data. Edit it freely; it is checked against the {eventType} schema before sending.
          </FieldDescription>
          <FieldError errors={dataError} data-testid="test-data-error" />
        </Field>
        <div className="flex gap-2">
          <Button type="submit" disabled={pending}>
            <Send aria-hidden /> {pending ? "Sending…" : "Send test"}
          </Button>
          <Button
            type="button"
            variant="outline"
            onClick={() => {
              setJson(sampleText(eventType));
              setDataError(null);
            }}
          >
            Reset sample
          </Button>
        </div>
      </form>
      {result && <TestResult result={result} />}
    </section>
  );
}
