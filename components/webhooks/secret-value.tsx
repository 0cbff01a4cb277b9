"use client";

import { Copy, Eye, EyeOff } from "lucide-react";
import { toast } from "sonner";
import { useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { CopyButton } from "@/components/ui/copy-button.tsx";

const MASK = "whsec_" + "•".repeat(24);

type Props = {
  /** The secret when already known (a new webhook's); otherwise `load` fetches it on Reveal/Copy. */
  secret?: string;
  load?: () => Promise<string | null>;
  label?: string;
};

/** A secret, masked until Reveal; Copy works either way. */
export function SecretValue({ secret: known, load, label = "signing secret" }: Props) {
  const [secret, setSecret] = useState<string | undefined>(known);
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);

  async function ensure(): Promise<string | undefined> {
    if (secret) return secret;
    if (!load) return undefined;
    setBusy(true);
    try {
      const value = await load();
      if (value) setSecret(value);
      return value ?? undefined;
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex min-w-0 items-center gap-1 rounded-md border bg-muted/40 py-1 pr-1 pl-3">
      <code data-testid="secret-value" className="min-w-0 flex-1 truncate font-mono text-[13px]">
        {shown && secret ? secret : MASK}
      </code>
      <Button
        type="button"
        variant="ghost"
        size="sm"
        disabled={busy}
        aria-pressed={shown}
        onClick={async () => {
          if (shown) return setShown(false);
          if (await ensure()) setShown(true);
        }}
      >
        {shown ? <EyeOff aria-hidden /> : <Eye aria-hidden />}
        {shown ? "Hide" : "Reveal"}
      </Button>
      {secret ? (
        <CopyButton value={secret} label={label} />
      ) : (
        <Button
          type="button"
          variant="ghost"
          size="icon"
          className="size-8"
          disabled={busy}
          onClick={async () => {
            const value = await ensure();
            if (!value) return;
            try {
              await navigator.clipboard.writeText(value);
              toast.success("Secret copied");
            } catch {
              toast.error("Could not copy. Reveal the secret and copy it by hand.");
            }
          }}
        >
          <Copy aria-hidden />
          <span className="sr-only">Copy {label}</span>
        </Button>
      )}
    </div>
  );
}
