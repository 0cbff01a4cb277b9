import { Badge } from "@/components/ui/badge.tsx";
import { CodeBlock } from "@/components/ui/code-block.tsx";
import type { AttemptView } from "@/lib/webhooks/logs/log-query.ts";
import { HEADER_MASK } from "@/lib/webhooks/webhook-input-rules.ts";
import { LocalDateTime, LocalDuration } from "@/components/app/local-format.tsx";
import { prettyJson } from "./format.ts";
import { RevealHeaderValues } from "./reveal-header-values.tsx";

function headersText(headers: Record<string, string> | null): string {
  if (!headers || Object.keys(headers).length === 0) return "(none)";
  return Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
}

const TRIGGERS: Record<string, string> = { auto: "Automatic", manual: "Manual retry", test: "Test" };

/** One attempt, everything as plain text: a receiver's HTML or script is never rendered. */
export function AttemptDetails({ attempt, webhookId }: { attempt: AttemptView; webhookId: string }) {
  const requestHeaders = (headers: Record<string, string>) => (
    <CodeBlock
      code={headersText(headers)}
      label={`Attempt ${attempt.number} request headers`}
      copyable={false}
      data-testid="request-headers"
    />
  );
  // Custom header values are stored encrypted and arrive masked; an admin may reveal them.
  const masked = Object.values(attempt.requestHeaders).includes(HEADER_MASK);
  const ok = attempt.responseStatus !== null && attempt.responseStatus >= 200 && attempt.responseStatus < 300;
  return (
    <article
      className="grid min-w-0 gap-3 rounded-md border p-3"
      data-testid="attempt"
      aria-labelledby={`attempt-${attempt.id}`}
    >
      <header className="flex flex-wrap items-center gap-2">
        <h3 id={`attempt-${attempt.id}`} className="font-semibold">
          Attempt {attempt.number}
        </h3>
        <Badge variant="outline">{TRIGGERS[attempt.trigger] ?? attempt.trigger}</Badge>
        <Badge variant={ok ? "success" : "destructive"} data-testid="attempt-status">
          {attempt.responseStatus !== null ? `HTTP ${attempt.responseStatus}` : "No response"}
        </Badge>
        <span className="text-xs text-muted-foreground">
          <LocalDateTime iso={attempt.createdAt} /> · <LocalDuration ms={attempt.durationMs} />
        </span>
      </header>
      {attempt.errorClass && (
        <p className="text-sm" data-testid="attempt-error">
          <span className="font-medium">Error class:</span> <code className="font-mono">{attempt.errorClass}</code>
          {attempt.errorMessage && <> · {attempt.errorMessage}</>}
        </p>
      )}
      <div className="grid min-w-0 gap-2">
        <h4 className="text-sm font-medium">Request</h4>
        <p className="font-mono text-xs break-all">POST {attempt.requestUrl}</p>
        {masked ? (
          <RevealHeaderValues webhookId={webhookId} attemptId={attempt.id} headers={attempt.requestHeaders}>
            {requestHeaders}
          </RevealHeaderValues>
        ) : (
          requestHeaders(attempt.requestHeaders)
        )}
        <CodeBlock code={prettyJson(attempt.requestBody)} label={`Attempt ${attempt.number} request body`} />
      </div>
      <div className="grid min-w-0 gap-2">
        <h4 className="text-sm font-medium">Response</h4>
        <CodeBlock
          code={headersText(attempt.responseHeaders)}
          label={`Attempt ${attempt.number} response headers`}
          copyable={false}
        />
        <CodeBlock
          data-testid="response-body"
          code={attempt.responseBody === null ? "(no body)" : attempt.responseBody || "(empty body)"}
          label={`Attempt ${attempt.number} response body`}
        />
      </div>
    </article>
  );
}
