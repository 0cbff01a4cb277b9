// Loopback receiver for the bench, in a process of its own so its CPU is not the engine's.
// /hook/<n> answers 200 at once; /slow/<n> answers after SLOW_MS. Every request is recorded as
// (event id, path, receipt time in epoch ms with sub-ms precision) for latency maths.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const SLOW_MS = Number(process.env.BENCH_SLOW_MS ?? 10_000);
const now = () => performance.timeOrigin + performance.now();

type Receipt = [eventId: string, path: string, at: number];
let receipts: Receipt[] = [];
let count = 0;

const server = createServer((req, res) => {
  const url = req.url ?? "/";
  if (url.startsWith("/__")) {
    if (url === "/__count") return void res.end(JSON.stringify({ count }));
    if (url === "/__dump") return void res.end(JSON.stringify(receipts));
    if (url === "/__reset") {
      receipts = [];
      count = 0;
      return void res.end("{}");
    }
  }
  // Drain the body: a real receiver reads it before answering.
  req.on("data", () => {});
  req.on("end", () => {
    const at = now();
    count++;
    receipts.push([String(req.headers["x-aosai-event-id"] ?? ""), url, at]);
    if (url.startsWith("/slow/")) setTimeout(() => res.end("ok"), SLOW_MS);
    else res.end("ok");
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ port });
});
process.on("disconnect", () => process.exit(0));
