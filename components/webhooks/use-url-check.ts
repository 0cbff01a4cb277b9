"use client";

import { useEffect, useState } from "react";
import { checkWebhookUrlAction } from "@/lib/actions/webhooks/check-webhook-url.ts";

export type UrlCheckState = { status: "idle" | "checking" | "ok" | "refused"; message: string | null };

function quickProblem(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
      return "The URL must start with https:// or http://";
    return null;
  } catch {
    return "Enter a full URL such as https://example.com/webhooks";
  }
}

/**
 * Checks the URL while the admin types: syntax at once in the browser, then the server's
 * URL guard (private addresses, DNS) after a short pause, with its reason when it refuses.
 */
export function useUrlCheck(url: string, enabled: boolean): UrlCheckState {
  const trimmed = url.trim();
  const quick = enabled && trimmed !== "" ? quickProblem(trimmed) : null;
  const needsServer = enabled && trimmed !== "" && quick === null;
  const [server, setServer] = useState<{ url: string; state: UrlCheckState } | null>(null);

  useEffect(() => {
    if (!needsServer) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      try {
        const result = await checkWebhookUrlAction({ url: trimmed });
        if (cancelled) return;
        setServer({
          url: trimmed,
          state: result.ok
            ? { status: "ok", message: result.data.warning }
            : { status: "refused", message: result.fieldErrors?.url?.[0] ?? result.error },
        });
      } catch {
        // The save checks again; a failed live check must not block typing.
        if (!cancelled) setServer({ url: trimmed, state: { status: "idle", message: null } });
      }
    }, 400);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [trimmed, needsServer]);

  if (!enabled || trimmed === "") return { status: "idle", message: null };
  if (quick) return { status: "refused", message: quick };
  return server?.url === trimmed ? server.state : { status: "checking", message: null };
}
