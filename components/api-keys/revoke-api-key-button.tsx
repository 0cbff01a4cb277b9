"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { revokeApiKeyAction } from "@/lib/actions/api-keys/revoke-api-key.ts";
import { Button } from "@/components/ui/button.tsx";
import { ConfirmDialog } from "@/components/ui/confirm-dialog.tsx";

/** Revoking cannot be undone and breaks whatever uses the key, so it asks first. */
export function RevokeApiKeyButton({ apiKey }: { apiKey: { id: string; name: string } }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline" size="sm">
          Revoke<span className="sr-only"> {apiKey.name}</span>
        </Button>
      }
      destructive
      title={`Revoke ${apiKey.name}?`}
      description="Every request with this key is refused from now on. Software still using it stops working. This cannot be undone; create a new key to replace it."
      confirmLabel="Revoke key"
      pendingLabel="Revoking…"
      onConfirm={async () => {
        const result = await revokeApiKeyAction({ id: apiKey.id });
        if (!result.ok) {
          toast.error(result.error);
          return false;
        }
        toast.success(`${apiKey.name} was revoked`);
        router.refresh();
        return true;
      }}
    />
  );
}
