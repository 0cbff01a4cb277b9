export const ERROR_CLASSES = ["timeout", "dns", "refused", "reset", "tls", "http_status", "ssrf", "other"] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

const BY_CODE: Record<string, ErrorClass> = {
  UND_ERR_CONNECT_TIMEOUT: "timeout",
  UND_ERR_HEADERS_TIMEOUT: "timeout",
  UND_ERR_BODY_TIMEOUT: "timeout",
  ETIMEDOUT: "timeout",
  ENOTFOUND: "dns",
  EAI_AGAIN: "dns",
  EAI_FAIL: "dns",
  EAI_NODATA: "dns",
  ECONNREFUSED: "refused",
  ECONNRESET: "reset",
  EPIPE: "reset",
  UND_ERR_SOCKET: "reset",
  ERR_WEBHOOK_BLOCKED_ADDRESS: "ssrf",
};

const TLS_CODE =
  /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|HOSTNAME_MISMATCH|ERR_OSSL_)/;

// Shown to admins in the log: say what happened in words, never a stack or a raw dump.
const MESSAGES: Record<ErrorClass, string> = {
  timeout: "The endpoint did not answer in time",
  dns: "The endpoint's host name could not be resolved",
  refused: "The endpoint refused the connection",
  reset: "The connection was closed before a complete response arrived",
  tls: "The TLS (HTTPS) handshake failed",
  http_status: "The endpoint answered with a non-2xx status",
  ssrf: "The URL points to an address webhooks may not reach",
  other: "The request failed",
};

type CodedError = { code?: unknown; cause?: unknown; message?: unknown };

/** Walks the `cause` chain (undici wraps socket errors) to find a known error code. */
export function classifyError(err: unknown): { errorClass: ErrorClass; errorMessage: string } {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as CodedError;
    const code = typeof e.code === "string" ? e.code : "";
    const known = BY_CODE[code] ?? (TLS_CODE.test(code) ? "tls" : undefined);
    if (known === "ssrf") return { errorClass: "ssrf", errorMessage: String(e.message) };
    if (known === "dns" && typeof e.message === "string" && e.message.startsWith("Could not resolve")) {
      return { errorClass: "dns", errorMessage: e.message };
    }
    if (known) return { errorClass: known, errorMessage: `${MESSAGES[known]} (${code})` };
    current = e.cause;
  }
  return { errorClass: "other", errorMessage: MESSAGES.other };
}

export function timeoutMessage(timeoutMs: number): string {
  return `${MESSAGES.timeout}: no complete response within ${timeoutMs / 1000} s`;
}

export function statusMessage(status: number): string {
  if (status >= 300 && status < 400) return `The endpoint answered ${status} (a redirect); redirects are not followed`;
  return `The endpoint answered ${status}`;
}
