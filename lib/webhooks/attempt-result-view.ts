/** What Test and Retry show right after their attempt: plain JSON for the client. */
export type AttemptResultView = {
  deliveryId: string;
  ok: boolean;
  statusCode: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  durationMs: number;
  errorMessage: string | null;
  deliveryStatus: string;
};

/** The attempt as Test and Retry show it: only what the admin sees, as plain JSON. */
export function toAttemptResultView(a: AttemptResultView): AttemptResultView {
  return {
    deliveryId: a.deliveryId,
    ok: a.ok,
    statusCode: a.statusCode,
    responseHeaders: a.responseHeaders,
    responseBody: a.responseBody,
    durationMs: a.durationMs,
    errorMessage: a.errorMessage,
    deliveryStatus: a.deliveryStatus,
  };
}
