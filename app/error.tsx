"use client";

import { Button } from "@/components/ui/button.tsx";

// Never shows the server's error text: only a reference the operator can find in the logs.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto flex min-h-[60dvh] max-w-md flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="text-muted-foreground">
        The page could not be loaded. Try again; if it keeps failing, give your operator this reference:{" "}
        <code className="font-mono text-xs">{error.digest ?? "unknown"}</code>
      </p>
      <Button onClick={reset}>Try again</Button>
    </main>
  );
}
