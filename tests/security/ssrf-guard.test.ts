// The SSRF guard against the two classic bypasses: a DNS answer that changes between the
// check at save time and the connection (rebinding), and a redirect to an internal address.
// Real sockets on 127.0.0.1 stand in for the internal service an attacker wants to reach.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendWebhook } from "@/lib/webhooks/send-webhook.ts";
import { checkUrl, type ResolvedAddress, type Resolver } from "@/lib/webhooks/url-guard.ts";
import { startReceiver, type Receiver } from "../support/receiver.ts";

let internal: Receiver;
let redirector: Receiver;

beforeAll(async () => {
  internal = await startReceiver({ status: 200, body: "internal secrets" });
  redirector = await startReceiver();
});
afterAll(async () => {
  await internal?.close();
  await redirector?.close();
});

/** Answers each lookup with the next entry (the last one repeats), counting lookups. */
function changingResolver(...answers: ResolvedAddress[][]): Resolver & { calls: number } {
  const fn = (async () => answers[Math.min(fn.calls++, answers.length - 1)]) as unknown as Resolver & { calls: number };
  fn.calls = 0;
  return fn;
}

const PUBLIC: ResolvedAddress[] = [{ address: "93.184.215.14", family: 4 }];
const LOOPBACK: ResolvedAddress[] = [{ address: "127.0.0.1", family: 4 }];
const send = (url: string, resolve: Resolver) =>
  sendWebhook({
    url,
    headers: { "content-type": "application/json" },
    body: "{}",
    timeoutMs: 3000,
    allowPrivateUrls: false,
    resolve,
  });

describe("SSRF guard (production rules: private addresses refused)", () => {
  it("DNS rebinding: public when the admin saves, loopback when the sender connects → refused, nothing reaches the internal host", async () => {
    const before = internal.requests.length;
    const resolve = changingResolver(PUBLIC, LOOPBACK);
    const url = `https://rebind.attacker.test:${internal.port}/hook`;
    const saved = await checkUrl(url, { allowPrivateUrls: false, resolve });
    expect(saved.ok).toBe(true);
    const result = await send(url, resolve);
    expect(resolve.calls).toBe(2);
    expect(result).toMatchObject({ ok: false, statusCode: null, errorClass: "ssrf" });
    expect(internal.requests.length).toBe(before);
  });

  it.each([
    ["IPv4-mapped IPv6 loopback", [{ address: "::ffff:127.0.0.1", family: 6 }]],
    ["a public answer next to a private one", [...PUBLIC, { address: "10.0.0.5", family: 4 }]],
    ["the cloud metadata address", [{ address: "169.254.169.254", family: 4 }]],
    ["the unspecified address", [{ address: "0.0.0.0", family: 4 }]],
    ["IPv6 loopback", [{ address: "::1", family: 6 }]],
  ] as [string, ResolvedAddress[]][])("refuses at connect time a name resolving to %s", async (_label, answer) => {
    const before = internal.requests.length;
    const result = await send(`https://evil.attacker.test:${internal.port}/hook`, changingResolver(answer));
    expect(result).toMatchObject({ ok: false, errorClass: "ssrf" });
    expect(internal.requests.length).toBe(before);
  });

  it("refuses IP-literal spellings of internal hosts before any connection", async () => {
    for (const host of ["127.0.0.1", "2130706433", "0x7f.0.0.1", "[::ffff:7f00:1]", "169.254.169.254", "[::1]"]) {
      const result = await send(`https://${host}:${internal.port}/hook`, changingResolver(PUBLIC));
      expect(result, host).toMatchObject({ ok: false, errorClass: "ssrf" });
    }
    expect(internal.requests).toHaveLength(0);
  });
});

describe("redirects are never followed", () => {
  it.each([301, 302, 303, 307, 308])(
    "a %i to an internal address is a failure and the internal host is never called",
    async (status) => {
      const before = internal.requests.length;
      redirector.respondWith({ status, headers: { Location: `${internal.url}/steal` }, body: "" });
      // Private URLs allowed here only so the redirecting receiver on 127.0.0.1 can be reached.
      const result = await sendWebhook({
        url: redirector.url,
        headers: {},
        body: "{}",
        timeoutMs: 3000,
        allowPrivateUrls: true,
      });
      expect(result.ok).toBe(false);
      expect(result.statusCode).toBe(status);
      expect(result.errorClass).toBe("http_status");
      await new Promise((r) => setTimeout(r, 200));
      expect(internal.requests.length).toBe(before);
    },
  );
});
