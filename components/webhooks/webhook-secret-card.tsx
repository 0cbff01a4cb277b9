"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { RefreshCw } from "lucide-react";
import { toast } from "sonner";
import { revealSecretAction } from "@/lib/actions/webhooks/reveal-secret.ts";
import { rotateSecretAction } from "@/lib/actions/webhooks/rotate-secret.ts";
import { Button } from "@/components/ui/button.tsx";
import { ConfirmDialog } from "@/components/ui/confirm-dialog.tsx";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card.tsx";
import { useFormatters } from "@/components/app/local-format.tsx";
import { SecretValue } from "./secret-value.tsx";

type Props = { webhookId: string; previousSecretUntil: string | null };

/** Reveal, copy and rotate the signing secret; after a rotation the old one works for 24 h more. */
export function WebhookSecretCard({ webhookId, previousSecretUntil }: Props) {
  const router = useRouter();
  const f = useFormatters();
  // A new key remounts SecretValue so the rotated secret replaces the old one on screen.
  const [version, setVersion] = useState<{ n: number; secret?: string }>({ n: 0 });

  async function load(): Promise<string | null> {
    const result = await revealSecretAction({ id: webhookId });
    if (!result.ok) {
      toast.error(result.error);
      return null;
    }
    return result.data.secret;
  }

  async function rotate(): Promise<boolean> {
    const result = await rotateSecretAction({ id: webhookId });
    if (!result.ok) {
      toast.error(result.error);
      return false;
    }
    setVersion((v) => ({ n: v.n + 1, secret: result.data.secret }));
    toast.success(
      `Secret rotated. The old secret keeps working until ${f.dateTime(result.data.previousValidUntil, true)}.`,
    );
    router.refresh();
    return true;
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle asChild>
          <h2>Signing secret</h2>
        </CardTitle>
        <CardDescription>
          Your receiver checks X-AOSAI-Signature (or webhook-signature) with this secret.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <SecretValue key={version.n} secret={version.secret} load={load} />
        {previousSecretUntil && (
          <p className="text-sm text-muted-foreground" data-testid="previous-secret-until">
            The previous secret also signs deliveries until{" "}
            <strong className="font-medium text-foreground">{f.dateTime(previousSecretUntil, true)}</strong>.
          </p>
        )}
        <ConfirmDialog
          trigger={
            <Button variant="outline" size="sm" className="w-fit">
              <RefreshCw aria-hidden /> Rotate secret
            </Button>
          }
          title="Rotate the signing secret?"
          description="A new secret signs every delivery from now on. The current secret stays valid for 24 hours (deliveries carry both signatures), so you have time to update your receiver."
          confirmLabel="Rotate secret"
          pendingLabel="Rotating…"
          onConfirm={rotate}
        />
      </CardContent>
    </Card>
  );
}
