import { describe, expect, it } from "vitest";
import { functions } from "@/inngest/functions/index.ts";
import { nextCronTime } from "@/lib/engine/cron.ts";
import { retryAfterMs, sleepUntil } from "@/lib/engine/durations.ts";
import { evaluateCondition } from "@/lib/engine/expressions.ts";
import { concurrencyKeyFor, readFunctionConfigs } from "@/lib/engine/function-config.ts";
import { canonicalJson } from "@/lib/engine/signing.ts";
import { createEngine } from "@/lib/engine/engine.ts";
import { serveFunctions } from "./engine-harness.ts";
import { config } from "@/lib/config/index.ts";
import { localSigningKey } from "@/lib/engine/local-signing-key.ts";
import type { PrismaClient } from "@/lib/db/index.ts";

const at = (iso: string) => Date.parse(iso);

describe("cron schedules", () => {
  it("finds the next matching minute", () => {
    expect(new Date(nextCronTime("*/15 * * * *", at("2026-03-02T10:07:30Z"))).toISOString()).toBe(
      "2026-03-02T10:15:00.000Z",
    );
    expect(new Date(nextCronTime("* * * * *", at("2026-03-02T10:07:00Z"))).toISOString()).toBe(
      "2026-03-02T10:08:00.000Z",
    );
    expect(new Date(nextCronTime("23 3 * * *", at("2026-03-02T10:07:00Z"))).toISOString()).toBe(
      "2026-03-03T03:23:00.000Z",
    );
    expect(new Date(nextCronTime("0 9 * * mon", at("2026-03-04T10:00:00Z"))).toISOString()).toBe(
      "2026-03-09T09:00:00.000Z",
    );
    expect(new Date(nextCronTime("0 0 1 1 *", at("2026-03-04T10:00:00Z"))).toISOString()).toBe(
      "2027-01-01T00:00:00.000Z",
    );
  });

  it("reads a TZ= prefix", () => {
    // 09:00 in New York is 14:00 UTC in winter.
    expect(new Date(nextCronTime("TZ=America/New_York 0 9 * * *", at("2026-01-05T12:00:00Z"))).toISOString()).toBe(
      "2026-01-05T14:00:00.000Z",
    );
  });

  it("rejects nonsense", () => {
    expect(() => nextCronTime("61 * * * *", 0)).toThrow();
    expect(() => nextCronTime("* * *", 0)).toThrow();
  });
});

describe("protocol helpers", () => {
  it("reads the SDK's sleep strings and ISO dates", () => {
    expect(sleepUntil("1h30m5s", 0)).toBe(5_405_000);
    expect(sleepUntil("2s", 1000)).toBe(3000);
    expect(sleepUntil("2026-03-02T10:00:00.000Z", 0)).toBe(at("2026-03-02T10:00:00Z"));
    expect(() => sleepUntil("soon", 0)).toThrow();
  });

  it("reads Retry-After", () => {
    expect(retryAfterMs("30", 0)).toBe(30_000);
    expect(retryAfterMs(null, 0)).toBeUndefined();
  });

  it("writes canonical JSON (sorted keys), as the SDK signs it", () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: "x" }], u: undefined })).toBe('{"a":[{"c":"x","d":null}],"b":1}');
  });

  it("evaluates simple trigger expressions", () => {
    const scope = { event: { data: { function_id: "app-fn", n: 2 } } };
    expect(evaluateCondition("event.data.function_id == 'app-fn'", scope)).toBe(true);
    expect(evaluateCondition("event.data.function_id == 'app-fn' && event.data.n != 2", scope)).toBe(false);
    expect(() => evaluateCondition("size(event.data) > 1", scope)).toThrow();
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
        registered = await req.clone().json();
        return engine.handleApiRequest(req);
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
    ]);
  });
});
