"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { KeyRound, Plus } from "lucide-react";
import { createApiKeyAction } from "@/lib/actions/api-keys/create-api-key.ts";
import {
  API_KEY_EXPIRIES,
  API_KEY_SCOPES,
  API_SCOPES,
  type ApiKeyExpiry,
  type ApiScope,
} from "@/lib/api-keys/api-key-scopes.ts";
import type { FieldErrors } from "@/lib/errors/app-error.ts";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Checkbox } from "@/components/ui/checkbox.tsx";
import { CopyButton } from "@/components/ui/copy-button.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog.tsx";
import { Field, FieldControl, FieldError, FieldLabel } from "@/components/ui/field.tsx";
import { Input } from "@/components/ui/input.tsx";
import { NativeSelect } from "@/components/ui/native-select.tsx";
import { Label } from "@/components/ui/label.tsx";

/** Create API key: name, scopes and lifetime; then the key itself, shown this once. */
export function CreateApiKeyDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiScope[]>(["webhooks:read"]);
  const [expiresIn, setExpiresIn] = useState<ApiKeyExpiry>("90d");
  const [errors, setErrors] = useState<{ message?: string; fields?: FieldErrors }>({});
  const [token, setToken] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function reset(next: boolean) {
    setOpen(next);
    if (!next) {
      setName("");
      setScopes(["webhooks:read"]);
      setExpiresIn("90d");
      setErrors({});
      setToken(null);
    }
  }
  function submit(event: React.FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = await createApiKeyAction({ name, scopes, expiresIn });
      if (!result.ok) return setErrors({ message: result.error, fields: result.fieldErrors });
      setErrors({});
      setToken(result.data.token);
      router.refresh();
    });
  }
  const toggle = (scope: ApiScope, on: boolean) =>
    setScopes((s) => (on ? [...s, scope] : s.filter((x) => x !== scope)));

  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden /> Create API key
        </Button>
      </DialogTrigger>
      <DialogContent>
        {token ? (
          <>
            <DialogHeader>
              <DialogTitle>Copy your new API key</DialogTitle>
              <DialogDescription>This is the only time it is shown. Store it in your secret manager.</DialogDescription>
            </DialogHeader>
            <Alert>
              <KeyRound aria-hidden />
              <AlertTitle>Your API key</AlertTitle>
              <AlertDescription>
                <code className="block font-mono text-xs break-all" data-testid="new-api-key">
                  {token}
                </code>
              </AlertDescription>
            </Alert>
            <DialogFooter>
              <CopyButton value={token} label="API key" variant="outline">
                Copy key
              </CopyButton>
              <Button onClick={() => reset(false)}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={submit} className="grid gap-4" noValidate>
            <DialogHeader>
              <DialogTitle>Create API key</DialogTitle>
              <DialogDescription>
                A key lets other software use the Agency OS Webhooks API for this agency, with the scopes you choose.
              </DialogDescription>
            </DialogHeader>
            {errors.message && !errors.fields && <p className="text-sm text-destructive">{errors.message}</p>}
            <Field>
              <FieldLabel>Name</FieldLabel>
              <FieldControl>
                <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="Billing service" />
              </FieldControl>
              <FieldError errors={errors.fields?.name} />
            </Field>
            <fieldset className="grid gap-2">
              <legend className="mb-1 text-sm font-medium">Scopes</legend>
              {API_SCOPES.map((scope) => (
                <div key={scope} className="flex items-start gap-2">
                  <Checkbox
                    id={`scope-${scope}`}
                    checked={scopes.includes(scope)}
                    onCheckedChange={(on) => toggle(scope, on === true)}
                  />
                  <Label htmlFor={`scope-${scope}`} className="grid gap-0.5 font-normal">
                    <span className="font-mono text-xs">{scope}</span>
                    <span className="text-xs text-muted-foreground">{API_KEY_SCOPES[scope]}</span>
                  </Label>
                </div>
              ))}
              <Field>
                <FieldError errors={errors.fields?.scopes} />
              </Field>
            </fieldset>
            <Field>
              <FieldLabel>Expires</FieldLabel>
              <FieldControl>
                <NativeSelect value={expiresIn} onChange={(e) => setExpiresIn(e.target.value as ApiKeyExpiry)}>
                  {Object.entries(API_KEY_EXPIRIES).map(([value, { label }]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </NativeSelect>
              </FieldControl>
              <FieldError errors={errors.fields?.expiresIn} />
            </Field>
            <DialogFooter>
              <Button type="submit" disabled={pending}>
                {pending ? "Creating…" : "Create key"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
