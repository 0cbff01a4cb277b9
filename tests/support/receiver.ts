import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the receiver does with one request. Unset fields mean: 200, empty body, at once. */
export type Behaviour = {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering (to provoke timeouts). */
  delayMs?: number;
  /** Destroy the socket instead of answering (connection reset). */
  reset?: boolean;
  /** Answer 302 with this Location. */
  redirectTo?: string;
  /** Stream this many bytes of body (e.g. 5 MB) in 64 KB chunks, stopping if the client leaves. */
  bodyBytes?: number;
};

export type ReceivedRequest = {
  index: number;
  method: string;
  path: string;
  /** Lower-cased names, as Node gives them. */
  headers: Record<string, string>;
  rawBody: Buffer;
  body: string;
  receivedAt: number;
  /** "aborted" when the client hung up before the whole response was sent. */
  response: "open" | "finished" | "aborted";
};

export type Receiver = {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** Queue behaviours: the next requests take them in order, then the default applies. */
  respondWith(...behaviours: Behaviour[]): void;
  setDefault(behaviour: Behaviour | ((req: ReceivedRequest) => Behaviour)): void;
  waitForRequests(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
};

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

async function answer(res: ServerResponse, b: Behaviour): Promise<void> {
  if (b.delayMs) await new Promise((r) => setTimeout(r, b.delayMs));
  if (res.destroyed) return;
  if (b.reset) {
    res.socket?.destroy();
    return;
  }
  if (b.redirectTo) {
    res.writeHead(302, { Location: b.redirectTo, ...b.headers }).end();
    return;
  }
  if (b.bodyBytes) {
    res.writeHead(b.status ?? 200, {
      "Content-Type": "text/plain",
      "Content-Length": String(b.bodyBytes),
      ...b.headers,
    });
    const chunk = Buffer.alloc(64 * 1024, "x");
    let sent = 0;
    while (sent < b.bodyBytes && !res.destroyed) {
      const n = Math.min(chunk.length, b.bodyBytes - sent);
      sent += n;
      if (!res.write(chunk.subarray(0, n))) await drainOrClose(res);
    }
    if (!res.destroyed) res.end();
    return;
  }
  res.writeHead(b.status ?? 200, { "Content-Type": "text/plain", ...b.headers }).end(b.body ?? "");
}

/** A scriptable HTTP endpoint on 127.0.0.1 that records every request it gets. */
export async function startReceiver(
  initial: Behaviour | ((req: ReceivedRequest) => Behaviour) = {},
): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const queue: Behaviour[] = [];
  let fallback = initial;
  const waiters: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks);
      const rec: ReceivedRequest = {
        index: requests.length,
        method: req.method ?? "",
        path: req.url ?? "/",
        headers: flatHeaders(req),
        rawBody,
        body: rawBody.toString("utf8"),
        receivedAt: Date.now(),
        response: "open",
      };
      requests.push(rec);
      for (const w of waiters.filter((w) => requests.length >= w.count)) w.resolve();
      const behaviour = queue.shift() ?? (typeof fallback === "function" ? fallback(rec) : fallback);
      res.on("close", () => {
        rec.response = res.writableFinished ? "finished" : "aborted";
      });
      answer(res, behaviour).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    requests,
    respondWith: (...b) => void queue.push(...b),
    setDefault: (b) => void (fallback = b),
    waitForRequests(count, timeoutMs = 10_000) {
      if (requests.length >= count) return Promise.resolve(requests.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`Expected ${count} requests, got ${requests.length}`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(requests.slice());
          },
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: connecting to it is refused. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
