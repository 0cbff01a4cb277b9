import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESPONSE_BODY_LIMIT, sendWebhook, type SendInput } from "@/lib/webhooks/send-webhook.ts";
import type { Resolver } from "@/lib/webhooks/url-guard.ts";
import { startReceiver, unusedPort, type Receiver } from "../support/receiver.ts";

let rx: Receiver;
beforeAll(async () => {
  rx = await startReceiver();
});
afterAll(() => rx.close());

const post = (over: Partial<SendInput> = {}) =>
  sendWebhook({
    url: rx.url,
    headers: { "Content-Type": "application/json", "X-Test": "1" },
    body: '{"a":1}',
    timeoutMs: 2_000,
    allowPrivateUrls: true,
    ...over,
  });

describe("sendWebhook against a real receiver", () => {
  it("records a 2xx with its headers and body", async () => {
    rx.respondWith({ status: 204, headers: { "X-Receiver": "yes" } });
    const before = rx.requests.length;
    const r = await post();
    expect(r).toMatchObject({
      ok: true,
      statusCode: 204,
      errorClass: null,
      responseBody: "",
      responseTruncated: false,
    });
    expect(r.responseHeaders?.["x-receiver"]).toBe("yes");
    const got = rx.requests[before];
    expect(got.method).toBe("POST");
    expect(got.body).toBe('{"a":1}');
    expect(got.headers["x-test"]).toBe("1");
  });

  it("classifies a 500 as http_status and keeps the body", async () => {
    rx.respondWith({ status: 500, body: "boom" });
    expect(await post()).toMatchObject({ ok: false, statusCode: 500, errorClass: "http_status", responseBody: "boom" });
  });

  it("does not follow redirects: a 302 is a failure and the target is never called", async () => {
    const target = await startReceiver();
    try {
      rx.respondWith({ redirectTo: target.url });
      const r = await post();
      expect(r).toMatchObject({ ok: false, statusCode: 302, errorClass: "http_status" });
      expect(r.errorMessage).toContain("redirects are not followed");
      expect(r.responseHeaders?.location).toBe(target.url);
      expect(target.requests).toHaveLength(0);
    } finally {
      await target.close();
    }
  });

  it("reads at most 20 KB of a 5 MB body and drops the connection", async () => {
    rx.respondWith({ bodyBytes: 5 * 1024 * 1024 });
    const r = await post();
    expect(r.ok).toBe(true);
    expect(r.responseTruncated).toBe(true);
    expect(r.responseBody).toHaveLength(RESPONSE_BODY_LIMIT);
    // The receiver sees the client hang up before the 5 MB were accepted.
    const served = rx.requests.at(-1);
    await expect.poll(() => served?.response, { timeout: 5_000 }).toBe("aborted");
  });

  it("times out a reply slower than the timeout", async () => {
    rx.respondWith({ delayMs: 4_000 });
    const r = await post({ timeoutMs: 1_000 });
    expect(r).toMatchObject({ ok: false, statusCode: null, errorClass: "timeout" });
    // Cut at the timeout, well before the receiver's reply (wide margin for a loaded machine).
    expect(r.durationMs).toBeGreaterThanOrEqual(990);
    expect(r.durationMs).toBeLessThan(3_500);
  });

  it("classifies a connection reset", async () => {
    rx.respondWith({ reset: true });
    expect(await post()).toMatchObject({ ok: false, statusCode: null, errorClass: "reset" });
  });

  it("classifies a refused connection", async () => {
    const port = await unusedPort();
    const r = await post({ url: `http://127.0.0.1:${port}/` });
    expect(r).toMatchObject({ ok: false, errorClass: "refused" });
    expect(r.errorMessage).toContain("refused");
  });

  it("classifies an unresolvable host as dns", async () => {
    const r = await post({ url: "http://does-not-exist.invalid/" });
    expect(r).toMatchObject({ ok: false, errorClass: "dns" });
  });

  it("classifies a TLS failure (plain HTTP server behind an https URL)", async () => {
    const r = await post({ url: `https://127.0.0.1:${rx.port}/` });
    expect(r).toMatchObject({ ok: false, errorClass: "tls" });
  });

  it("connects to the address its one lookup returned (pinned), not to what the name says", async () => {
    let lookups = 0;
    const resolve: Resolver = async () => {
      lookups++;
      return [{ address: "127.0.0.1", family: 4 }];
    };
    rx.respondWith({ status: 200, body: "pinned" });
    const r = await post({ url: `http://receiver.pinned.test:${rx.port}/hook`, resolve });
    expect(r).toMatchObject({ ok: true, responseBody: "pinned" });
    expect(lookups).toBe(1);
    expect(rx.requests.at(-1)?.headers.host).toBe(`receiver.pinned.test:${rx.port}`);
  });

  it("refuses, at connect time, a name resolving to a private address when private URLs are off", async () => {
    const before = rx.requests.length;
    const resolve: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];
    const r = await post({ url: `https://innocent.example.test:${rx.port}/`, allowPrivateUrls: false, resolve });
    expect(r).toMatchObject({ ok: false, errorClass: "ssrf" });
    expect(r.errorMessage).toBe("innocent.example.test is not allowed: webhooks must reach the public internet");
    const viaLocalhost = await post({ url: `https://localhost:${rx.port}/`, allowPrivateUrls: false });
    expect(viaLocalhost).toMatchObject({ ok: false, errorClass: "ssrf" });
    expect(rx.requests.length).toBe(before);
  });

  it("refuses IP literals and http before connecting when private URLs are off", async () => {
    expect(await post({ url: "https://[::ffff:127.0.0.1]/", allowPrivateUrls: false })).toMatchObject({
      errorClass: "ssrf",
    });
    expect(await post({ url: "https://2130706433/", allowPrivateUrls: false })).toMatchObject({ errorClass: "ssrf" });
    const http = await post({ url: rx.url, allowPrivateUrls: false });
    expect(http).toMatchObject({ ok: false, statusCode: null });
    expect(http.errorMessage).toContain("https://");
  });
});
