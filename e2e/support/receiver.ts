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
 * A real HTTP receiver on 127.0.0.1 for the suites: records every POST, checks both
 * signature schemes against the secrets it was told, and answers whatever the test says.
 */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  secrets: string[] = [];
  private reply: Reply = {
    status: 200,
    body: '{"received":true}',
    headers: { "content-type": "application/json", "x-receiver": "e2e" },
  };
  private server: Server | null = null;

  static async start(): Promise<Receiver> {
    const r = new Receiver();
    r.server = createServer(async (req, res) => {
      const body = await readBody(req);
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
      );
      const reply = r.reply;
      let json: ReceivedRequest["json"];
      try {
        json = JSON.parse(body);
      } catch {
        json = { id: "", event: "", timestamp: "", data: {} };
      }
      r.requests.push({
        headers,
        body,
        json,
        standardVerifiedWith: r.secrets.filter((s) => standardMatches(s, headers, body)),
        aosaiVerifiedWith: r.secrets.filter((s) => aosaiMatches(s, headers, body)),
        answeredStatus: reply.status,
      });
      res.writeHead(reply.status, reply.headers ?? { "content-type": "text/plain" });
      res.end(reply.body ?? "");
    });
    await new Promise<void>((resolve) => r.server!.listen(0, "127.0.0.1", resolve));
    return r;
  }

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}/hooks`;
  }

  /** From now on, answer every request like this (e.g. a 500 with a body, then a 200 again). */
  respondWith(reply: Reply): void {
    this.reply = { headers: { "content-type": "text/plain" }, ...reply };
  }

  /** Requests for one event ID, in arrival order. */
  forEvent(eventId: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.json.id === eventId);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive sockets from the app would hold close() open: drop them.
    server.closeAllConnections();
    await closed;
  }
}
