"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button.tsx";

// Never the server's error text: a way forward and a reference for the operator.
export default function WebhooksError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-3 py-16 text-center">
      <h1 className="text-xl font-semibold">This page could not be loaded</h1>
      <p className="text-sm text-muted-foreground">
        Try again. If it keeps failing, give your operator this reference:{" "}
        <code className="font-mono text-xs">{error.digest ?? "unknown"}</code>
      </p>
      <div className="flex gap-2">
        <Button onClick={reset}>Try again</Button>
        <Button variant="outline" asChild>
          <Link href="/settings/webhooks">Back to webhooks</Link>
        </Button>
      </div>
    </div>
  );
}
