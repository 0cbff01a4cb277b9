// Verify Agency OS webhooks in Node.js (18+), no dependencies.
//
//   WEBHOOK_SECRET='whsec_…' PORT=4000 node verify.mjs
//
// starts a receiver that answers 200 to genuine deliveries and 401 to anything else.
// Import { verifyAgencyOsWebhook } to use the check in your own server.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";

const TOLERANCE_SECONDS = 300; // refuse replays of old deliveries

function safeEqual(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * headers: lower-cased header names (as Node gives them); rawBody: the exact bytes received,
 * before any JSON parsing; secret: the secret shown in Settings → Webhooks.
 */
export function verifyAgencyOsWebhook(headers, rawBody, secret) {
  const timestamp = headers["x-aosai-timestamp"];
  const signature = headers["x-aosai-signature"];
  if (!timestamp || !signature) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const expected = "sha256=" + createHmac("sha256", secret).update(timestamp + rawBody.toString("utf8")).digest("hex");
  // During a secret rotation the previous secret's signature comes in X-AOSAI-Signature-Previous.
  const candidates = [signature, headers["x-aosai-signature-previous"]].filter(Boolean);
  return candidates.some((candidate) => safeEqual(candidate, expected));
}

function startReceiver() {
  const secret = process.env.WEBHOOK_SECRET;
  if (!secret) throw new Error("Set WEBHOOK_SECRET to the secret shown in Settings → Webhooks");
  const port = Number(process.env.PORT ?? 4000);
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks);
      if (req.method !== "POST" || !verifyAgencyOsWebhook(req.headers, rawBody, secret)) {
        res.writeHead(401).end("invalid signature");
        return;
      }
      const payload = JSON.parse(rawBody.toString("utf8"));
      // Use payload.id for idempotency: it is the same on every retry of this event.
      console.log(`verified ${payload.event} ${payload.id}`);
      res.writeHead(200).end("ok");
    });
  });
  server.listen(port, "127.0.0.1", () => console.log(`listening on ${server.address().port}`));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) startReceiver();
