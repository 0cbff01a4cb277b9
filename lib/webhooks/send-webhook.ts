import { Agent, util as undiciUtil, type Dispatcher } from "undici";
import { classifyError, statusMessage, timeoutMessage, type ErrorClass } from "./classify-error.ts";
import { createPinnedLookup } from "./pinned-lookup.ts";
import { checkUrlSyntax, type Resolver, type UrlCheck } from "./url-guard.ts";

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

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

// PostgreSQL text cannot hold NUL; a receiver answering with one must not make the attempt
// impossible to record (it would fail the step and send the webhook again).
function storableText(buf: Buffer): string {
  return buf.toString("utf8").replaceAll("\u0000", "\uFFFD");
}

// An endpoint's URL is checked and split once, not on every delivery (a handful of URLs serve
// thousands of deliveries; the check depends on nothing else).
type Target = { ok: true; origin: string; path: string } | Exclude<UrlCheck, { ok: true }>;
const targets = new Map<string, Target>();
const TARGETS_KEPT = 1000;

function targetOf(url: string, allowPrivateUrls: boolean): Target {
  const key = `${allowPrivateUrls ? "1" : "0"}${url}`;
  let target = targets.get(key);
  if (!target) {
    const syntax = checkUrlSyntax(url, { allowPrivateUrls });
    target = syntax.ok
      ? { ok: true, origin: syntax.url.origin, path: syntax.url.pathname + syntax.url.search }
      : syntax;
    if (targets.size >= TARGETS_KEPT) targets.clear();
    targets.set(key, target);
  }
  return target;
}

/**
 * One POST through undici's dispatcher with a handler of our own, instead of `request()`: the
 * same connection pool, timeouts, errors and wire bytes, without what request() adds per call
 * and a webhook does not need (an AsyncResource, an AbortSignal and its listener, a Readable
 * for the body and its async iterator). That was about half of a send's CPU.
 * The response body is kept up to RESPONSE_BODY_LIMIT; past it the request is aborted, which
 * drops the connection (a 5 MB answer is never buffered). A class, not a closure per callback:
 * one object per send.
 */
class Exchange implements Dispatcher.DispatchHandler {
  /** The error that ended the exchange (null: complete, or cut by us past the body limit). */
  error: Error | null = null;
  statusCode: number | null = null;
  headers: Record<string, string> | null = null;
  body: Buffer[] = [];
  size = 0;
  truncated = false;
  timedOut = false;
  private abort: ((err?: Error) => void) | null = null;
  private done = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly settle: (exchange: Exchange) => void,
    timeoutMs: number,
  ) {
    // The whole exchange, answer included, must fit in timeoutMs; undici's own timeouts only
    // bound the wait for the headers and between body chunks.
    this.timer = setTimeout(timeUp, timeoutMs, this);
  }

  onTimeout() {
    this.timedOut = true;
    // A request still queued for a connection is aborted when it gets one (onConnect).
    this.abort?.(new TimeoutAbort());
  }

  finish(error: Error | null) {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.error = error;
    this.settle(this);
  }

  onConnect(abort: (err?: Error) => void) {
    if (this.timedOut) return abort(new TimeoutAbort());
    this.abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[] | string[] | null) {
    // 1xx (informational) answers are not the response.
    if (statusCode < 200) return true;
    this.statusCode = statusCode;
    this.headers = flattenHeaders(undiciUtil.parseHeaders((rawHeaders ?? []) as Buffer[]));
    return true;
  }

  onData(chunk: Buffer) {
    if (this.truncated) return false;
    this.body.push(chunk);
    this.size += chunk.length;
    if (this.size > RESPONSE_BODY_LIMIT) {
      this.truncated = true;
      // Out of the parser's callback: the request is aborted and its connection destroyed.
      queueMicrotask(() => {
        this.abort?.(new BodyLimitReached());
        this.finish(null);
      });
      return false;
    }
    return true;
  }

  onComplete() {
    this.finish(null);
  }

  onError(err: Error) {
    // Cut by us past the body limit: the answer is what came. Cut by the timer: a timeout.
    if (this.truncated) return this.finish(null);
    this.finish(this.timedOut ? new TimeoutAbort() : err);
  }
}

function timeUp(exchange: Exchange) {
  exchange.onTimeout();
}

function post(agent: Agent, target: { origin: string; path: string }, input: SendInput): Promise<Exchange> {
  return new Promise((settle) => {
    agent.dispatch(
      {
        origin: target.origin,
        path: target.path,
        method: "POST",
        headers: input.headers,
        body: input.body,
        headersTimeout: input.timeoutMs,
        bodyTimeout: input.timeoutMs,
      },
      new Exchange(settle, input.timeoutMs),
    );
  });
}

class TimeoutAbort extends Error {
  override name = "TimeoutAbort";
}

class BodyLimitReached extends Error {
  override name = "BodyLimitReached";
}

/** One signed POST. Never throws for network trouble: the result says what happened. */
export async function sendWebhook(input: SendInput): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const blank = { statusCode: null, responseHeaders: null, responseBody: null, responseTruncated: false };
  const target = targetOf(input.url, input.allowPrivateUrls);
  if (!target.ok) {
    return {
      ok: false,
      ...blank,
      durationMs: elapsed(),
      errorClass: target.reason === "ssrf" ? "ssrf" : "other",
      errorMessage: target.message,
    };
  }
  let answer: Exchange;
  try {
    answer = await post(agentFor(input.allowPrivateUrls, input.resolve), target, input);
  } catch (err) {
    // dispatch() reports its errors through onError; this is only a guard.
    return { ok: false, ...blank, durationMs: elapsed(), ...classifyError(err) };
  }
  const durationMs = elapsed();
  const { error, statusCode } = answer;
  if (error === null && statusCode !== null) {
    const all = Buffer.concat(answer.body);
    const ok = statusCode >= 200 && statusCode < 300;
    return {
      ok,
      statusCode,
      responseHeaders: answer.headers,
      responseBody: storableText(answer.truncated ? all.subarray(0, RESPONSE_BODY_LIMIT) : all),
      responseTruncated: answer.truncated,
      durationMs,
      errorClass: ok ? null : "http_status",
      errorMessage: ok ? null : statusMessage(statusCode),
    };
  }
  // A status that arrived before the body stalled is still worth showing in the log.
  const seen = statusCode !== null ? { statusCode, responseHeaders: answer.headers } : {};
  const failure =
    error instanceof TimeoutAbort
      ? { errorClass: "timeout" as const, errorMessage: timeoutMessage(input.timeoutMs) }
      : classifyError(error);
  return { ok: false, ...blank, ...seen, durationMs, ...failure };
}
