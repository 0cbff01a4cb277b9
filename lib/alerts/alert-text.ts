import type { EndpointAlertKind } from "@/lib/db/generated/client.ts";

export type AlertFacts = {
  kind: EndpointAlertKind;
  webhookName: string;
  webhookUrl: string;
  errorClass: string | null;
  statusCode: number | null;
  errorMessage: string | null;
  disableAt: Date | null;
  reason: string | null;
};

const ERROR_CLASS_TEXT: Record<string, string> = {
  timeout: "timeout",
  dns: "DNS",
  refused: "connection refused",
  reset: "connection reset",
  tls: "TLS",
  http_status: "HTTP status",
  ssrf: "blocked address",
  other: "other",
};

/** The headline, the same in the bell, on the page and in the email's subject. */
export function alertTitle(a: Pick<AlertFacts, "kind" | "webhookName">): string {
  const name = `“${a.webhookName}”`;
  switch (a.kind) {
    case "failing":
      return `Webhook ${name} is failing`;
    case "disabling_soon":
      return `Webhook ${name} will be disabled in a day`;
    case "disabled":
      return `Webhook ${name} was disabled`;
    case "recovered":
      return `Webhook ${name} has recovered`;
  }
}

/** "HTTP 500 (class: HTTP status)", or the classified message; null when nothing failed. */
export function alertErrorText(a: Pick<AlertFacts, "errorClass" | "statusCode" | "errorMessage">): string | null {
  if (!a.errorClass && a.statusCode === null) return null;
  const what = a.errorMessage?.slice(0, 300) ?? (a.statusCode !== null ? `HTTP ${a.statusCode}` : "Failed");
  return a.errorClass ? `${what} (class: ${ERROR_CLASS_TEXT[a.errorClass] ?? a.errorClass})` : what;
}

/** "4 days 23 hours", rounded down to the hour; "less than an hour" below that. */
export function timeLeftText(ms: number): string {
  const hours = Math.floor(Math.max(0, ms) / 3_600_000);
  if (hours < 1) return "less than an hour";
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  const parts = [days ? `${days} day${days === 1 ? "" : "s"}` : "", rest ? `${rest} hour${rest === 1 ? "" : "s"}` : ""];
  return parts.filter(Boolean).join(" ");
}

/** Where the endpoint's delivery log is, from the app's public address. */
export function logUrl(appUrl: string, webhookId: string): string {
  return `${appUrl}/settings/webhooks/${encodeURIComponent(webhookId)}?tab=logs`;
}
