import type { AttemptResultView } from "@/lib/webhooks/attempt-result-view.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { CodeBlock } from "@/components/ui/code-block.tsx";
import { LocalDuration } from "@/components/app/local-format.tsx";

/** The endpoint's answer to a test, shown at once and as plain text. */
export function TestResult({ result }: { result: AttemptResultView }) {
  const headers = result.responseHeaders
    ? Object.entries(result.responseHeaders)
        .map(([k, v]) => `${k}: ${v}`)
        .join("\n")
    : "(none)";
  return (
    <section
      aria-labelledby="test-result-heading"
      className="grid gap-3 rounded-md border p-4"
      data-testid="test-result"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h3 id="test-result-heading" className="font-semibold">
          Response
        </h3>
        <Badge variant={result.ok ? "success" : "destructive"} data-testid="test-result-status">
          {result.statusCode !== null ? `HTTP ${result.statusCode}` : "No response"}
        </Badge>
        <span className="text-sm text-muted-foreground" data-testid="test-result-duration">
          <LocalDuration ms={result.durationMs} />
        </span>
      </div>
      {result.errorMessage && <p className="text-sm">{result.errorMessage}</p>}
      <CodeBlock code={headers} label="Response headers" copyable={false} />
      <CodeBlock
        data-testid="test-result-body"
        code={result.responseBody === null ? "(no body)" : result.responseBody || "(empty body)"}
        label="Response body"
      />
    </section>
  );
}
