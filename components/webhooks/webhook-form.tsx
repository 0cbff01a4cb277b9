"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { toast } from "sonner";
import { createWebhookAction } from "@/lib/actions/webhooks/create-webhook.ts";
import { updateWebhookAction } from "@/lib/actions/webhooks/update-webhook.ts";
import { FormAlert } from "./form-alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Field, FieldControl, FieldDescription, FieldError, FieldLabel } from "@/components/ui/field.tsx";
import { Input } from "@/components/ui/input.tsx";
import type { EventType } from "@/lib/webhooks/event-catalog.ts";
import { CreateWebhookSchema, CustomHeadersSchema } from "@/lib/webhooks/webhook-input.ts";
import { CustomHeadersEditor, headersFromRows, newHeaderRow } from "./custom-headers-editor.tsx";
import { EventCheckboxGroup } from "./event-checkbox-group.tsx";
import { SecretValue } from "./secret-value.tsx";
import { useUrlCheck } from "./use-url-check.ts";

type Values = { name: string; url: string; events: EventType[]; headers: Record<string, string> };
type Props =
  | { mode: "create"; secret: string; initial?: undefined; webhookId?: undefined }
  | { mode: "edit"; webhookId: string; initial: Values; secret?: undefined };

/**
 * The server action's own schema, with the header rows the editor holds turned into the record
 * it parses: what the browser checks is what the server will check, and the submitted values
 * are the schema's output, exactly what the action receives.
 */
const FormSchema = CreateWebhookSchema.omit({ headers: true }).extend({
  headers: z
    .array(z.object({ key: z.string(), name: z.string(), value: z.string() }))
    .transform(headersFromRows)
    .pipe(CustomHeadersSchema),
});
type FormValues = z.input<typeof FormSchema>;

/** Every message under a field, nested ones included (a header's message sits under its name). */
function messagesOf(error: unknown): string[] | undefined {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    const { message, types, ref: _ref, ...nested } = node as { message?: unknown; types?: unknown; ref?: unknown };
    if (types && typeof types === "object") for (const t of Object.values(types)) out.push(...[t].flat().map(String));
    else if (typeof message === "string" && message) out.push(message);
    for (const child of Object.values(nested)) walk(child);
  };
  walk(error);
  return out.length ? [...new Set(out)] : undefined;
}

/** Add Webhook and edit: one form (react-hook-form), validated by the same schema as the server action. */
export function WebhookForm(props: Props) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const {
    control,
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<FormValues, unknown, z.output<typeof FormSchema>>({
    resolver: zodResolver(FormSchema),
    criteriaMode: "all",
    defaultValues: {
      name: props.initial?.name ?? "",
      url: props.initial?.url ?? "",
      events: props.initial?.events ?? [],
      headers: Object.entries(props.initial?.headers ?? {}).map(([n, v]) => newHeaderRow(n, v)),
      ...(props.mode === "create" ? { secret: props.secret } : {}),
    },
  });
  const url = useWatch({ control, name: "url" });
  const urlCheck = useUrlCheck(url, url !== (props.initial?.url ?? ""));

  const submit = handleSubmit(
    (input) => {
      setFormError(null);
      startTransition(async () => {
        const result =
          props.mode === "create"
            ? await createWebhookAction(input)
            : await updateWebhookAction({ ...input, id: props.webhookId });
        if (!result.ok) {
          // The form keeps every value the admin typed; only the messages change. The server keys
          // its field errors by top-level field (fieldErrorsOf), the names this form uses.
          for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
            if (!(field in FormSchema.shape)) continue;
            setError(field as keyof FormValues, {
              type: "server",
              message: messages[0],
              types: Object.fromEntries(messages.map((m, i) => [`server${i}`, m])),
            });
          }
          setFormError(result.error);
          return;
        }
        toast.success(props.mode === "create" ? "Webhook saved. Send a test to check your endpoint." : "Webhook saved");
        router.push(`/settings/webhooks/${result.data.id}`);
        router.refresh();
      });
    },
    () => setFormError("Check the highlighted fields."),
  );

  const urlErrors =
    messagesOf(errors.url) ?? (urlCheck.status === "refused" && urlCheck.message ? [urlCheck.message] : undefined);
  return (
    <form onSubmit={submit} noValidate className="grid gap-6">
      <Field>
        <FieldLabel>Name</FieldLabel>
        <FieldControl>
          <Input {...register("name")} placeholder="CRM sync" autoComplete="off" />
        </FieldControl>
        <FieldDescription>A descriptive name your team will recognise.</FieldDescription>
        <FieldError errors={messagesOf(errors.name)} data-testid="name-error" />
      </Field>
      <Field>
        <FieldLabel>URL</FieldLabel>
        <FieldControl>
          <Input
            type="url"
            inputMode="url"
            {...register("url")}
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
        <Controller
          control={control}
          name="events"
          render={({ field }) => (
            <EventCheckboxGroup
              value={field.value as EventType[]}
              onChange={field.onChange}
              invalid={Boolean(errors.events)}
              describedBy="events-error"
            />
          )}
        />
        <FieldError id="events-error" errors={messagesOf(errors.events)} data-testid="events-error" />
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
      <Controller
        control={control}
        name="headers"
        render={({ field }) => (
          <CustomHeadersEditor rows={field.value} onChange={field.onChange} errors={messagesOf(errors.headers)} />
        )}
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
