import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type Outcome = "ok" | "http_500" | "timeout" | "reset";

/** One request as the receiver saw it, and what it did with it. */
export type Received = { eventId: string; bodyEventId: string; deliveryId: string; attempt: number; outcome: Outcome };

export type FaultyReceiver = {
  url: string;
  received: Received[];
  /** Listener closures (each one makes new connections fail with ECONNREFUSED for a while). */
  refusedWindows: number;
  close(): Promise<void>;
};

export type FaultOptions = {
  /** Share of requests answered with a fault (500, a stall past the sender's timeout, or a reset). */
  faultRate: number;
  /** The sender's timeout: a stalled answer waits longer than this. */
  senderTimeoutMs: number;
  /** Every this many ms the listener closes for `refusedForMs` (0 = never). */
  refusedEveryMs?: number;
  refusedForMs?: number;
  /** Seeded so a failing run can be replayed. */
  random: () => number;
};

const FAULTS: Outcome[] = ["http_500", "timeout", "reset"];

/**
 * A receiver on 127.0.0.1 that fails at random and, on a seconds schedule, stops listening
 * altogether (connection refused). It records every request it answered or broke.
 */
export async function startFaultyReceiver(opts: FaultOptions): Promise<FaultyReceiver> {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  let listening = false;
  let refusedWindows = 0;
  let stopped = false;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let bodyEventId = "";
      try {
        bodyEventId = String((JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id?: unknown }).id ?? "");
      } catch {
        /* recorded as an empty id: the checks will flag it */
      }
      const outcome: Outcome =
        opts.random() < opts.faultRate ? FAULTS[Math.floor(opts.random() * FAULTS.length)] : "ok";
      received.push({
        eventId: String(req.headers["x-aosai-event-id"] ?? ""),
        bodyEventId,
        deliveryId: String(req.headers["x-aosai-delivery"] ?? ""),
        attempt: Number(req.headers["x-aosai-attempt"] ?? 0),
        outcome,
      });
      // While the listener is closed, finish this answer and drop the connection.
      const headers = listening ? {} : { Connection: "close" };
      if (outcome === "ok") res.writeHead(200, headers).end("ok");
      else if (outcome === "http_500") res.writeHead(500, headers).end("injected failure");
      else if (outcome === "reset") req.socket.destroy();
      else setTimeout(() => req.socket.destroy(), opts.senderTimeoutMs + 500);
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  listening = true;
  const port = (server.address() as AddressInfo).port;

  let timer: NodeJS.Timeout | undefined;
  const every = opts.refusedEveryMs ?? 0;
  if (every > 0) {
    const cycle = () => {
      timer = setTimeout(() => {
        if (stopped) return;
        refusedWindows++;
        listening = false;
        server.close();
        server.closeIdleConnections();
        timer = setTimeout(() => {
          if (stopped) return;
          server.listen(port, "127.0.0.1", () => {
            listening = true;
            cycle();
          });
        }, opts.refusedForMs ?? 1000);
      }, every);
    };
    cycle();
  }

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    get refusedWindows() {
      return refusedWindows;
    },
    close: async () => {
      stopped = true;
      clearTimeout(timer);
      for (const s of sockets) s.destroy();
      if (listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A small seeded PRNG (mulberry32), so a run's faults can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
