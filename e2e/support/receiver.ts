import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export type ReceivedRequest = {
  headers: Record<string, string>;
  body: string;
  json: { id: string; event: string; timestamp: string; data: Record<string, unknown> };
  /** Secrets (of those the receiver knows) whose Standard Webhooks signature verified. */
  standardVerifiedWith: string[];
  /** Secrets whose X-AOSAI-Signature (or -Previous) verified: sha256=hex(HMAC(secret, timestamp + body)). */
  aosaiVerifiedWith: string[];
  answeredStatus: number;
};

type Reply = { status: number; body?: string; headers?: Record<string, string> };

const defaultReply: Reply = {
  status: 200,
  body: '{"received":true}',
  headers: { "content-type": "application/json", "x-receiver": "e2e" },
};

function aosaiMatches(secret: string, headers: Record<string, string>, body: string): boolean {
  const timestamp = headers["x-aosai-timestamp"];
  if (!timestamp) return false;
  const expected = Buffer.from(
    "sha256=" +
      createHmac("sha256", secret)
        .update(timestamp + body)
        .digest("hex"),
  );
  return ["x-aosai-signature", "x-aosai-signature-previous"].some((name) => {
    const got = Buffer.from(headers[name] ?? "");
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

function standardMatches(secret: string, headers: Record<string, string>, body: string): boolean {
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * One webhook endpoint of a real HTTP receiver on 127.0.0.1: records every POST to its URL,
 * checks both signature schemes against the secrets it was told, and answers whatever the
 * test says. `Receiver.start()` gives an endpoint on a server of its own; the `receiver`
 * fixture (support/test.ts) gives each test a fresh endpoint on the worker's shared server.
 */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  secrets: string[] = [];
  private reply: Reply = defaultReply;

  constructor(
    readonly url: string,
    private readonly close?: () => Promise<void>,
  ) {}

  static async start(): Promise<Receiver> {
    const server = await ReceiverServer.start();
    return server.endpoint(() => server.stop());
  }

  /** From now on, answer every request like this (e.g. a 500 with a body, then a 200 again). */
  respondWith(reply: Reply): void {
    this.reply = { headers: { "content-type": "text/plain" }, ...reply };
  }

  /** Requests for one event ID, in arrival order. */
  forEvent(eventId: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.json.id === eventId);
  }

  /** Records the request and says what to answer. */
  receive(headers: Record<string, string>, body: string): Reply {
    const reply = this.reply;
    let json: ReceivedRequest["json"];
    try {
      json = JSON.parse(body);
    } catch {
      json = { id: "", event: "", timestamp: "", data: {} };
    }
    this.requests.push({
      headers,
      body,
      json,
      standardVerifiedWith: this.secrets.filter((s) => standardMatches(s, headers, body)),
      aosaiVerifiedWith: this.secrets.filter((s) => aosaiMatches(s, headers, body)),
      answeredStatus: reply.status,
    });
    return reply;
  }

  async stop(): Promise<void> {
    await this.close?.();
  }
}

/**
 * The HTTP server behind one or more endpoints, each on its own path. A path no endpoint
 * holds any more (an earlier test's webhook) is answered 200, so webhooks the suites leave
 * behind keep succeeding instead of piling up retries on the app under test.
 */
export class ReceiverServer {
  private readonly endpoints = new Map<string, Receiver>();
  private next = 0;
  private readonly server: Server;

  private constructor() {
    this.server = createServer(async (req, res) => {
      const body = await readBody(req);
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
      );
      // An endpoint takes its path and everything below it (a test may add `/${name}` to its URL).
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const endpoint = [...this.endpoints].find(([p]) => path === p || path.startsWith(`${p}/`))?.[1];
      const reply = endpoint?.receive(headers, body) ?? defaultReply;
      res.writeHead(reply.status, reply.headers ?? { "content-type": "text/plain" });
      res.end(reply.body ?? "");
    });
  }

  static async start(): Promise<ReceiverServer> {
    const receiverServer = new ReceiverServer();
    await new Promise<void>((resolve) => receiverServer.server.listen(0, "127.0.0.1", resolve));
    return receiverServer;
  }

  /** A new endpoint on its own path; `close` runs when it is stopped (default: forget the path). */
  endpoint(close?: () => Promise<void>): Receiver {
    const { port } = this.server.address() as AddressInfo;
    const path = `/hooks/${this.next++}`;
    const receiver = new Receiver(`http://127.0.0.1:${port}${path}`, async () => {
      this.endpoints.delete(path);
      await close?.();
    });
    this.endpoints.set(path, receiver);
    return receiver;
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Keep-alive sockets from the app would hold close() open: drop them.
    this.server.closeAllConnections();
    await closed;
  }
}
