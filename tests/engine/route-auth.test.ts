import type { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET, POST, PUT } from "@/app/api/inngest/route.ts";
import { embeddedServeHandler } from "@/inngest/serve.ts";
import { config } from "@/lib/config/index.ts";
import { localSigningKey } from "@/lib/engine/local-signing-key.ts";
import { canonicalJson, signRequestBody } from "@/lib/engine/signing.ts";

// The serve route is reachable by anyone who can reach the app: in embedded mode it must
// only accept calls signed with the local key, like Inngest Cloud's.
const URL = "http://localhost:3000/api/inngest?fnId=agency-os-webhooks-fan-out-event&stepId=step";
// The SDK verifies the signature over the canonical JSON of the body it parsed.
const body = canonicalJson({
  event: { name: "webhooks/event.created", data: { eventId: "evt_x", agencyId: "agc_x" } },
  events: [],
  steps: {},
  ctx: { run_id: "r1", attempt: 0 },
  version: 2,
});
const req = (method: string, headers: Record<string, string> = {}, withBody = true, url = URL) =>
  new Request(url, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: withBody ? body : undefined,
  }) as NextRequest;

describe("/api/inngest in embedded mode", () => {
  it("is in embedded mode for these tests", () => {
    expect(config().embeddedEngine).toBe(true);
  });

  it("refuses an unsigned run request", async () => {
    const res = await POST(req("POST"), undefined);
    expect(res.status).toBe(401);
  });

  it("refuses a request signed with another key, or an old signature", async () => {
    const other = "signkey-prod-" + "00".repeat(32);
    expect((await POST(req("POST", { "x-inngest-signature": signRequestBody(body, other) }), undefined)).status).toBe(
      401,
    );
    const old = signRequestBody(body, localSigningKey(config().dataDir), Date.now() - 10 * 60_000);
    expect((await POST(req("POST", { "x-inngest-signature": old }), undefined)).status).toBe(401);
  });

  it("refuses unsigned sync (PUT) and introspection (GET)", async () => {
    expect((await PUT(req("PUT", {}, false), undefined)).status).toBe(401);
    expect((await GET(req("GET", {}, false), undefined)).status).toBe(401);
  });

  it("gets past the signature check with the local key (then reports the unknown function)", async () => {
    const signed = { "x-inngest-signature": signRequestBody(body, localSigningKey(config().dataDir)) };
    const res = await POST(
      req("POST", signed, true, "http://localhost:3000/api/inngest?fnId=agency-os-webhooks-no-such-fn&stepId=step"),
      undefined,
    );
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/not found/);
  });

  it("the engine's in-process handler, never routed, does not check signatures (the route does)", async () => {
    const unknownFn = "http://localhost:3000/api/inngest?fnId=agency-os-webhooks-no-such-fn&stepId=step";
    expect((await POST(req("POST", {}, true, unknownFn), undefined)).status).toBe(401);
    const res = await embeddedServeHandler.POST(req("POST", {}, true, unknownFn));
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/not found/);
  });
});
