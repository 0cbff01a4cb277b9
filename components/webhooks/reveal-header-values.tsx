"use client";

import { Eye, EyeOff } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { revealHeadersAction } from "@/lib/actions/webhooks/reveal-headers.ts";
import { Button } from "@/components/ui/button.tsx";

type Props = {
  webhookId: string;
  /** One attempt's sent values; without it, the endpoint's current ones. */
  attemptId?: string;
  /** What the server sent: names, with the mask for each custom value. */
  headers: Record<string, string>;
  children: (headers: Record<string, string>) => React.ReactNode;
};

/**
 * Custom header values stay masked until an admin asks: "Reveal values" decrypts them on the
 * server, which records the reveal in the webhook's audit log. Hide masks them again.
 */
export function RevealHeaderValues({ webhookId, attemptId, headers, children }: Props) {
  const [revealed, setRevealed] = useState<Record<string, string> | null>(null);
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);

  async function toggle() {
    if (shown) return setShown(false);
    if (revealed) return setShown(true);
    setBusy(true);
    try {
      const result = await revealHeadersAction({ id: webhookId, attemptId });
      if (!result.ok) return void toast.error(result.error);
      setRevealed(result.data.headers);
      setShown(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="grid min-w-0 gap-1">
      {children(shown && revealed ? { ...headers, ...revealed } : headers)}
      <div>
        <Button type="button" variant="ghost" size="sm" disabled={busy} aria-pressed={shown} onClick={toggle}>
          {shown ? <EyeOff aria-hidden /> : <Eye aria-hidden />}
          {shown ? "Hide values" : "Reveal values"}
        </Button>
      </div>
    </div>
  );
}

/** The endpoint's custom headers as a list, values masked until revealed (usable from server components). */
export function CustomHeaderList({ webhookId, headers }: { webhookId: string; headers: Record<string, string> }) {
  return (
    <RevealHeaderValues webhookId={webhookId} headers={headers}>
      {(shown) => (
        <ul className="grid gap-0.5 font-mono text-xs break-all" data-testid="custom-headers">
          {Object.entries(shown).map(([name, value]) => (
            <li key={name}>
              {name}: {value}
            </li>
          ))}
        </ul>
      )}
    </RevealHeaderValues>
  );
}
