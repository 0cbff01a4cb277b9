"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ThemeProvider } from "next-themes";
import { useState, type ReactNode } from "react";
import { z } from "zod";
import { Toaster } from "@/components/ui/sonner.tsx";
import { TooltipProvider } from "@/components/ui/tooltip.tsx";

// Zod compiles object parsers with new Function() unless told not to, and probes for it even
// then: under the pages' Content-Security-Policy (no 'unsafe-eval') that probe is reported as a
// violation. The forms' schemas are small; the interpreted parser is fast enough.
z.config({ jitless: true });

/** `nonce`: this request's CSP nonce, for the theme's inline script (it runs before first paint). */
export function Providers({ nonce, children }: { nonce?: string; children: ReactNode }) {
  // One client per browser tab; created in state so it survives re-renders.
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: 1 } } }));
  return (
    // System / Light / Dark, kept in this browser (localStorage); System follows prefers-color-scheme.
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange nonce={nonce}>
      <QueryClientProvider client={client}>
        <TooltipProvider delayDuration={200}>
          {children}
          <Toaster />
        </TooltipProvider>
      </QueryClientProvider>
    </ThemeProvider>
  );
}
