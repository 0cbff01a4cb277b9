// npm run receiver -- --port 4000 [--secret whsec_…] [--fail-rate 0.3]
// A small local endpoint for watching deliveries arrive: prints each POST and whether
// its signature verifies. With --fail-rate it answers 500 to that share of requests.
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { verifyWebhook, WebhookVerificationError } from "@agency-os/webhooks";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4000" },
    host: { type: "string", default: "127.0.0.1" },
    secret: { type: "string", default: process.env.WEBHOOK_SECRET },
    "fail-rate": { type: "string", default: "0" },
  },
});
const failRate = Number(values["fail-rate"]);
if (!(failRate >= 0 && failRate <= 1)) {
  console.error("--fail-rate takes a number from 0 to 1");
  process.exit(2);
}
let count = 0;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const n = ++count;
    const event = req.headers["x-aosai-event"] ?? "?";
    const attempt = req.headers["x-aosai-attempt"] ?? "?";
    const verdict = values.secret
      ? (() => {
          try {
            verifyWebhook(req.headers, body, values.secret!);
            return "signature ok";
          } catch (err) {
            if (err instanceof WebhookVerificationError) return `signature INVALID (${err.message})`;
            throw err;
          }
        })()
      : "signature not checked (pass --secret)";
    const fail = Math.random() < failRate;
    res.writeHead(fail ? 500 : 200, { "content-type": "application/json" });
    res.end(JSON.stringify({ received: !fail }));
    console.log(
      `#${n} ${new Date().toISOString()} ${req.method} ${req.url} ${event} attempt ${attempt} → ${fail ? 500 : 200} · ${verdict}`,
    );
    console.log(`   ${body.length > 300 ? body.slice(0, 300) + "…" : body}`);
  });
});

server.listen(Number(values.port), values.host, () => {
  console.log(
    `Receiver listening on http://${values.host}:${values.port}/webhooks${failRate ? ` (failing ${failRate * 100}% of requests)` : ""}`,
  );
});
