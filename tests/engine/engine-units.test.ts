import { describe, expect, it } from "vitest";
import { functions } from "@/inngest/functions/index.ts";
import { nextCronTime, parseCron } from "@/lib/engine/cron.ts";
import { sleepUntil } from "@/lib/engine/durations.ts";
import { compileExpression, keyValue } from "@/lib/engine/expressions.ts";
import { LIMITS, sendLimitError } from "@/lib/engine/limits.ts";
import { inngestBackoff, maxAttemptsFor } from "@/lib/engine/retry-backoff.ts";
import { concurrencyKeyFor, readFunctionConfigs } from "@/lib/engine/function-config.ts";
import { canonicalJson } from "@/lib/engine/signing.ts";
import { createEngine } from "@/lib/engine/engine.ts";
import { serveFunctions } from "./engine-harness.ts";
import { config } from "@/lib/config/index.ts";
import { localSigningKey } from "@/lib/engine/local-signing-key.ts";
import type { PrismaClient } from "@/lib/db/index.ts";

const at = (iso: string) => Date.parse(iso);

const next = (expr: string, after: string) => {
  const t = nextCronTime([parseCron(expr)], at(after));
  return t === null ? null : new Date(t).toISOString();
};

describe("cron schedules (croner, Inngest's robfig semantics)", () => {
  it("finds the next matching minute", () => {
    expect(next("*/15 * * * *", "2026-03-02T10:07:30Z")).toBe("2026-03-02T10:15:00.000Z");
    expect(next("* * * * *", "2026-03-02T10:07:00Z")).toBe("2026-03-02T10:08:00.000Z");
    expect(next("23 3 * * *", "2026-03-02T10:07:00Z")).toBe("2026-03-03T03:23:00.000Z");
    expect(next("0 9 * * mon", "2026-03-04T10:00:00Z")).toBe("2026-03-09T09:00:00.000Z");
    expect(next("0 0 1 1 *", "2026-03-04T10:00:00Z")).toBe("2027-01-01T00:00:00.000Z");
    expect(next("@hourly", "2026-03-04T10:07:00Z")).toBe("2026-03-04T11:00:00.000Z");
  });

  it("reads a TZ= prefix, across a DST change too", () => {
    // 09:00 in New York is 14:00 UTC in winter.
    expect(next("TZ=America/New_York 0 9 * * *", "2026-01-05T12:00:00Z")).toBe("2026-01-05T14:00:00.000Z");
    // Monday 2026-03-09 00:30 EDT (DST began on the 8th); the hand-written reader said the 16th.
    expect(next("TZ=America/New_York 30 0 * * 1", "2026-03-03T12:00:00Z")).toBe("2026-03-09T04:30:00.000Z");
  });

  it("ANDs day-of-month and day-of-week when one starts with *, ORs two plain lists (robfig)", () => {
    // */2 days of the month that are Mondays: 2026-03-09 is the first (the 2nd is an even day).
    expect(next("0 0 */2 * 1", "2026-03-01T12:00:00Z")).toBe("2026-03-09T00:00:00.000Z");
    // The 15th, or any Monday: Monday the 2nd comes first.
    expect(next("0 0 15 * 1", "2026-03-01T12:00:00Z")).toBe("2026-03-02T00:00:00.000Z");
  });

  it("says when a schedule never fires, and rejects nonsense", () => {
    expect(next("0 0 30 2 *", "2026-03-01T12:00:00Z")).toBeNull();
    expect(() => parseCron("61 * * * *")).toThrow();
    expect(() => parseCron("* * *")).toThrow();
  });
});

describe("protocol helpers", () => {
  it("reads the SDK's sleep strings and ISO dates; an empty one is zero", () => {
    expect(sleepUntil("1h30m5s", 0)).toBe(5_405_000);
    expect(sleepUntil("2s", 1000)).toBe(3000);
    expect(sleepUntil("", 1000)).toBe(1000);
    expect(sleepUntil("2026-03-02T10:00:00.000Z", 0)).toBe(at("2026-03-02T10:00:00Z"));
    expect(() => sleepUntil("soon", 0)).toThrow();
  });

  it("writes canonical JSON (sorted keys), as the SDK signs it", () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: "x" }], u: undefined })).toBe('{"a":[{"c":"x","d":null}],"b":1}');
  });
});

describe("expressions (CEL)", () => {
  const scope = { event: { data: { function_id: "app-fn", n: 2, a: "x", nested: { k: "v" } } } };
  it("evaluates trigger filters", () => {
    expect(compileExpression("event.data.function_id == 'app-fn'")(scope)).toBe(true);
    expect(compileExpression("event.data.function_id == 'app-fn' && event.data.n != 2")(scope)).toBe(false);
    expect(compileExpression("size(event.data) > 1")(scope)).toBe(true);
    expect(() => compileExpression("event.data.(")).toThrow("Invalid expression");
  });

  it("computes concurrency keys as Inngest does: any expression; a missing field is <nil>", () => {
    expect(keyValue(compileExpression("event.data.a"), scope)).toBe("x");
    expect(keyValue(compileExpression("event.data.a + '-' + event.data.nested.k"), scope)).toBe("x-v");
    expect(keyValue(compileExpression("event.data.n"), scope)).toBe("2");
    expect(keyValue(compileExpression("event.data.missing"), scope)).toBe("<nil>");
  });
});

describe("retries and limits", () => {
  it("retries 4 times by default, at most 20, with Inngest's backoff table plus 0–30 s jitter", () => {
    expect(maxAttemptsFor(undefined)).toBe(5);
    expect(maxAttemptsFor(0)).toBe(1);
    expect(maxAttemptsFor(50)).toBe(21);
    expect([0, 1, 2, 3, 9, 15].map((n) => inngestBackoff(n, () => 0))).toEqual([
      15_000, 30_000, 60_000, 120_000, 7_200_000, 7_200_000,
    ]);
    expect(inngestBackoff(0, () => 0.999_99)).toBe(15_000 + 29_999);
  });

  it("refuses sends over 5,000 events or with an event over 256 KB, with Inngest's messages", () => {
    expect(sendLimitError(Array(5000).fill({ name: "x" }))).toBeNull();
    expect(sendLimitError(Array(5001).fill({ name: "x" }))).toBe("Cannot have more than 5000 events in a batch");
    expect(sendLimitError([{ name: "x", data: { s: "a".repeat(LIMITS.eventBytes) } }])).toMatch(
      /^Event is over the max size: Max 262144 bytes \/ Size \d+ bytes$/,
    );
  });
});

describe("the app's own functions", () => {
  it("sync into the engine with their triggers, retries and concurrency", async () => {
    let registered: unknown;
    const engine = createEngine({
      db: {} as PrismaClient, // the sync touches no table until crons are stored
      handler: serveFunctions(functions),
      signingKey: localSigningKey(config().dataDir),
    });
    const put = serveFunctions(functions).PUT;
    // Capture what the SDK posts to /fn/register by answering it with this engine.
    const { setEngineEndpoint } = await import("@/lib/engine/embedded-fetch.ts");
    setEngineEndpoint({
      handleApiRequest: async (req) => {
        const body = await req.json();
        registered = body;
        return engine.handleApiRequest({
          method: req.method,
          url: req.url,
          headers: req.headers,
          json: async () => body,
        });
      },
    });
    const { signRequestBody } = await import("@/lib/engine/signing.ts");
    const res = await put(
      new Request("http://embedded-app.invalid/api/inngest", {
        method: "PUT",
        headers: { "x-inngest-signature": signRequestBody("", localSigningKey(config().dataDir)) },
      }),
    );
    setEngineEndpoint(undefined);
    expect(res.status).toBe(200);
    const fns = readFunctionConfigs(registered, () => {});
    const deliver = fns.find((f) => f.id === "agency-os-webhooks-deliver-webhook");
    expect(deliver).toMatchObject({
      eventTriggers: [{ event: "webhooks/delivery.retry" }],
      maxAttempts: 4,
      concurrency: { key: "event.data.webhookId", scope: "env", limit: 5 },
      fnLimit: 100,
    });
    expect(concurrencyKeyFor(deliver!, { name: "webhooks/delivery.retry", data: { webhookId: "whk_1" } })).toBe(
      "env:event.data.webhookId=whk_1",
    );
    expect(fns.find((f) => f.id === "agency-os-webhooks-fan-out-event")?.eventTriggers).toEqual([
      { event: "webhooks/event.created" },
    ]);
    expect(
      fns
        .filter((f) => f.crons.length > 0)
        .map((f) => f.id)
        .sort(),
    ).toEqual([
      "agency-os-webhooks-auto-disable-webhooks",
      "agency-os-webhooks-purge-delivery-logs",
      "agency-os-webhooks-relay-outbox",
      "agency-os-webhooks-send-alert-digests",
    ]);
  });
});

describe("the protocol call's request", () => {
  const input = {
    url: "http://embedded-app.invalid/api/inngest?fnId=f",
    runId: "run_1",
    event: { id: "evt_1", name: "demo/e", data: { zeta: 1, alpha: { b: 2, a: 1 } }, ts: 1 },
    events: [{ id: "evt_1", name: "demo/e", data: { zeta: 1, alpha: { b: 2, a: 1 } }, ts: 1 }],
    steps: new Map([["h1", { type: "data" as const, data: { y: 1, x: 2 } }]]),
    stack: ["h1"],
    attempt: 0,
    maxAttempts: 4,
    nowMs: Date.parse("2026-03-02T10:00:00Z"),
  };

  it("is signed over canonical JSON for a handler that checks signatures", async () => {
    const { buildRequest } = await import("@/lib/engine/protocol.ts");
    const { signRequestBody } = await import("@/lib/engine/signing.ts");
    const key = "signkey-test-" + "ab".repeat(32);
    const req = buildRequest(input, key);
    const body = await req.text();
    expect(body).toBe(canonicalJson(JSON.parse(body)));
    expect(req.headers.get("x-inngest-signature")).toBe(signRequestBody(body, key, input.nowMs));
  });

  it("carries the same values, unsigned, to a handler that checks none (the in-process one)", async () => {
    const { buildRequest } = await import("@/lib/engine/protocol.ts");
    const signed = JSON.parse(await buildRequest(input, "signkey-test-" + "ab".repeat(32)).text());
    const req = buildRequest(input, null);
    expect(req.headers.get("x-inngest-signature")).toBeNull();
    expect(JSON.parse(await req.text())).toEqual(signed);
    expect(req.headers.get("x-run-id")).toBe("run_1");
  });
});

describe("embeddedFetch", () => {
  it("hands the engine a JSON call as the SDK makes it, headers looked up in any case; other calls as Requests", async () => {
    const { embeddedFetch, setEngineEndpoint, EMBEDDED_ORIGIN } = await import("@/lib/engine/embedded-fetch.ts");
    const seen: { method: string; url: string; auth: string | null; body: unknown; isRequest: boolean }[] = [];
    setEngineEndpoint({
      handleApiRequest: async (req) => {
        seen.push({
          method: req.method,
          url: req.url,
          auth: req.headers.get("Authorization"),
          body: await req.json(),
          isRequest: req instanceof Request,
        });
        return Response.json({ ok: true });
      },
    });
    try {
      const url = `${EMBEDDED_ORIGIN}/e/key`;
      const body = JSON.stringify([{ name: "demo/e", data: { a: 1 } }]);
      const res = await embeddedFetch(new URL(url), { method: "post", body, headers: { authorization: "Bearer x" } });
      expect(await res.json()).toEqual({ ok: true });
      await embeddedFetch(new Request(url, { method: "POST", body, headers: { Authorization: "Bearer y" } }));
      expect(seen).toEqual([
        { method: "POST", url, auth: "Bearer x", body: [{ name: "demo/e", data: { a: 1 } }], isRequest: false },
        { method: "POST", url, auth: "Bearer y", body: [{ name: "demo/e", data: { a: 1 } }], isRequest: true },
      ]);
    } finally {
      setEngineEndpoint(undefined);
    }
  });
});
