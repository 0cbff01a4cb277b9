"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { createWebhookAction } from "@/lib/actions/webhooks/create-webhook.ts";
import { updateWebhookAction } from "@/lib/actions/webhooks/update-webhook.ts";
import { FormAlert } from "./form-alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Field, FieldControl, FieldDescription, FieldError, FieldLabel } from "@/components/ui/field.tsx";
import { Input } from "@/components/ui/input.tsx";
import type { EventType } from "@/lib/webhooks/event-catalog.ts";
import { CreateWebhookSchema } from "@/lib/webhooks/webhook-input.ts";
import { CustomHeadersEditor, headersFromRows, newHeaderRow, type HeaderRow } from "./custom-headers-editor.tsx";
import { EventCheckboxGroup } from "./event-checkbox-group.tsx";
import { SecretValue } from "./secret-value.tsx";
import { useUrlCheck } from "./use-url-check.ts";

type Values = { name: string; url: string; events: EventType[]; headers: Record<string, string> };
type Props =
  | { mode: "create"; secret: string; initial?: undefined; webhookId?: undefined }
  | { mode: "edit"; webhookId: string; initial: Values; secret?: undefined };
type Errors = Record<string, string[]>;

/** Zod paths such as "headers.X-Key" belong to the field "headers". */
function byField(errors: Record<string, string[]> | undefined): Errors {
  const out: Errors = {};
  for (const [key, messages] of Object.entries(errors ?? {})) (out[key.split(".")[0]] ??= []).push(...messages);
  return out;
}

/** Add Webhook and edit: one form, validated by the same schema as the server action. */
export function WebhookForm(props: Props) {
  const router = useRouter();
  const [name, setName] = useState(props.initial?.name ?? "");
  const [url, setUrl] = useState(props.initial?.url ?? "");
  const [events, setEvents] = useState<EventType[]>(props.initial?.events ?? []);
  const [headerRows, setHeaderRows] = useState<HeaderRow[]>(() =>
    Object.entries(props.initial?.headers ?? {}).map(([n, v]) => newHeaderRow(n, v)),
  );
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const urlCheck = useUrlCheck(url, url !== (props.initial?.url ?? ""));
  const clear = (field: string) => setErrors(({ [field]: _drop, ...rest }) => rest);

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setFormError(null);
    const input = {
      name,
      url,
      events,
      headers: headersFromRows(headerRows),
      ...(props.mode === "create" ? { secret: props.secret } : {}),
    };
    const parsed = CreateWebhookSchema.safeParse(input);
    if (!parsed.success) {
      const fieldErrors: Errors = {};
      for (const issue of parsed.error.issues)
        (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
      setErrors(fieldErrors);
      setFormError("Check the highlighted fields.");
      return;
    }
    startTransition(async () => {
      const result =
        props.mode === "create"
          ? await createWebhookAction(input)
          : await updateWebhookAction({ ...input, id: props.webhookId });
      if (!result.ok) {
        // The form keeps every value the admin typed; only the messages change.
        setErrors(byField(result.fieldErrors));
        setFormError(result.error);
        return;
      }
      toast.success(props.mode === "create" ? "Webhook saved. Send a test to check your endpoint." : "Webhook saved");
      router.push(`/settings/webhooks/${result.data.id}`);
      router.refresh();
    });
  }

  const urlErrors = errors.url ?? (urlCheck.status === "refused" && urlCheck.message ? [urlCheck.message] : undefined);
  return (
    <form onSubmit={submit} noValidate className="grid gap-6">
      <Field>
        <FieldLabel>Name</FieldLabel>
        <FieldControl>
          <Input
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              clear("name");
            }}
            placeholder="CRM sync"
            autoComplete="off"
          />
        </FieldControl>
        <FieldDescription>A descriptive name your team will recognise.</FieldDescription>
        <FieldError errors={errors.name} data-testid="name-error" />
      </Field>
      <Field>
        <FieldLabel>URL</FieldLabel>
        <FieldControl>
          <Input
            type="url"
            inputMode="url"
            value={url}
            onChange={(e) => {
              setUrl(e.target.value);
              clear("url");
            }}
            placeholder="https://example.com/webhooks/agency-os"
            autoComplete="off"
          />
        </FieldControl>
        <FieldDescription>
          The endpoint that receives a POST for each event.
          {urlCheck.status === "checking" && " Checking…"}
          {urlCheck.status === "ok" && !urlCheck.message && " This URL can receive webhooks."}
          {urlCheck.status === "ok" && urlCheck.message && ` ${urlCheck.message}`}
        </FieldDescription>
        <FieldError errors={urlErrors} data-testid="url-error" />
      </Field>
      <Field>
        <EventCheckboxGroup
          value={events}
          onChange={(next) => {
            setEvents(next);
            clear("events");
          }}
          invalid={Boolean(errors.events)}
          describedBy="events-error"
        />
        <FieldError id="events-error" errors={errors.events} data-testid="events-error" />
      </Field>
      {props.mode === "create" && (
        <div className="grid gap-2">
          <p className="text-sm font-medium" id="secret-label">
            Signing secret
          </p>
          <p className="text-sm text-muted-foreground">
            Generated for you. Copy it into your receiver to verify the X-AOSAI-Signature header; you can reveal it
            again later.
          </p>
          <SecretValue secret={props.secret} />
        </div>
      )}
      <CustomHeadersEditor
        rows={headerRows}
        onChange={(rows) => {
          setHeaderRows(rows);
          clear("headers");
        }}
        errors={errors.headers}
      />
      <FormAlert message={formError} />
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="outline" asChild>
          <Link href={props.mode === "edit" ? `/settings/webhooks/${props.webhookId}` : "/settings/webhooks"}>
            Cancel
          </Link>
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save Webhook"}
        </Button>
      </div>
    </form>
  );
}
