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
