import { Agent, request, type Dispatcher } from "undici";
import { classifyError, statusMessage, timeoutMessage, type ErrorClass } from "./classify-error.ts";
import { createPinnedLookup } from "./pinned-lookup.ts";
import { checkUrlSyntax, type Resolver } from "./url-guard.ts";

/** Only this much of a response body is read and logged; the socket is dropped after. */
export const RESPONSE_BODY_LIMIT = 20 * 1024;

export type SendInput = {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivateUrls: boolean;
  resolve?: Resolver;
};

export type SendResult = {
  ok: boolean;
  statusCode: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  responseTruncated: boolean;
  durationMs: number;
  errorClass: ErrorClass | null;
  errorMessage: string | null;
};

// One Agent per guard mode (and injected resolver), shared by every delivery: keep-alive
// sockets are reused, and each new socket goes through the pinned, checked lookup.
const agents = new Map<boolean, Agent>();
const customAgents = new WeakMap<Resolver, Map<boolean, Agent>>();

function agentFor(allowPrivateUrls: boolean, resolve?: Resolver): Agent {
  const pool = resolve ? (customAgents.get(resolve) ?? new Map<boolean, Agent>()) : agents;
  if (resolve) customAgents.set(resolve, pool);
  let agent = pool.get(allowPrivateUrls);
  if (!agent) {
    agent = new Agent({
      connect: { lookup: createPinnedLookup({ allowPrivateUrls, resolve }), timeout: 10_000 },
      connections: 64,
      keepAliveTimeout: 4_000,
    });
    pool.set(allowPrivateUrls, agent);
  }
  return agent;
}

function flattenHeaders(headers: Dispatcher.ResponseData["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

async function readLimited(body: Dispatcher.ResponseData["body"]): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    chunks.push(buf);
    size += buf.length;
    if (size > RESPONSE_BODY_LIMIT) {
      // A 5 MB answer must not be buffered: stop reading and drop the connection.
      body.destroy();
      return { text: storableText(Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT)), truncated: true };
    }
  }
  return { text: storableText(Buffer.concat(chunks)), truncated: false };
}

// PostgreSQL text cannot hold NUL; a receiver answering with one must not make the attempt
// impossible to record (it would fail the step and send the webhook again).
function storableText(buf: Buffer): string {
  return buf.toString("utf8").replaceAll("\u0000", "\uFFFD");
}

/** One signed POST. Never throws for network trouble: the result says what happened. */
export async function sendWebhook(input: SendInput): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const blank = { statusCode: null, responseHeaders: null, responseBody: null, responseTruncated: false };
  const syntax = checkUrlSyntax(input.url, { allowPrivateUrls: input.allowPrivateUrls });
  if (!syntax.ok) {
    return {
      ok: false,
      ...blank,
      durationMs: elapsed(),
      errorClass: syntax.reason === "ssrf" ? "ssrf" : "other",
      errorMessage: syntax.message,
    };
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), input.timeoutMs);
  let res: Dispatcher.ResponseData | undefined;
  try {
    res = await request(input.url, {
      method: "POST",
      headers: input.headers,
      body: input.body,
      signal: controller.signal,
      dispatcher: agentFor(input.allowPrivateUrls, input.resolve),
      headersTimeout: input.timeoutMs,
      bodyTimeout: input.timeoutMs,
    });
    const { text, truncated } = await readLimited(res.body);
    const ok = res.statusCode >= 200 && res.statusCode < 300;
    return {
      ok,
      statusCode: res.statusCode,
      responseHeaders: flattenHeaders(res.headers),
      responseBody: text,
      responseTruncated: truncated,
      durationMs: elapsed(),
      errorClass: ok ? null : "http_status",
      errorMessage: ok ? null : statusMessage(res.statusCode),
    };
  } catch (err) {
    const durationMs = elapsed();
    // A status that arrived before the body stalled is still worth showing in the log.
    const seen = res ? { statusCode: res.statusCode, responseHeaders: flattenHeaders(res.headers) } : {};
    const failure = controller.signal.aborted
      ? { errorClass: "timeout" as const, errorMessage: timeoutMessage(input.timeoutMs) }
      : classifyError(err);
    return { ok: false, ...blank, ...seen, durationMs, ...failure };
  } finally {
    clearTimeout(timer);
  }
}
