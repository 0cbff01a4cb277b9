// First: it sets the Inngest environment before any other import reads it.
import { SIGNING_KEY } from "./support/cloud-mode.ts";
import { randomBytes } from "node:crypto";
import type { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { serve } from "inngest/next";
import { inngest } from "@/lib/inngest/client.ts";

import { deliveryRetry } from "@/lib/inngest/events.ts";
import { FN_ID, ORIGIN, serveFunctionsForThisFile } from "./support/served-functions.ts";
import { addDelivery, addWebhook } from "./support/fixtures.ts";
import { signInngestRequest } from "./support/inngest-driver.ts";

const served = serveFunctionsForThisFile();

describe("serve() handler security and registration", () => {
  const post = (headers: Record<string, string>, body: string) =>
    served.handler(
      new Request(`${ORIGIN}?fnId=${FN_ID}&stepId=step`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers },
        body,
      }),
    );

  it("refuses unsigned, forged and expired requests, and runs nothing", async () => {
    const hook = await addWebhook(served.database.prisma, served.agencyId, { url: served.rx.url });
    const { deliveryId } = await addDelivery(served.database.prisma, served.agencyId, hook.id);
    const event = {
      name: deliveryRetry.name,
      data: { deliveryId, agencyId: served.agencyId, webhookId: hook.id },
      id: deliveryId,
      ts: Date.now(),
    };
    const body = JSON.stringify({
      event,
      events: [event],
      steps: {},
      ctx: { run_id: "r1", attempt: 0, stack: { stack: [], current: 0 } },
      version: 2,
    });
    expect((await post({}, body)).status).toBe(401);
    expect(
      (
        await post(
          { "X-Inngest-Signature": signInngestRequest(body, `signkey-test-${randomBytes(32).toString("hex")}`) },
          body,
        )
      ).status,
    ).toBe(401);
    const old = Math.floor(Date.now() / 1000) - 600;
    expect((await post({ "X-Inngest-Signature": signInngestRequest(body, SIGNING_KEY, old) }, body)).status).toBe(401);
    expect(await served.database.prisma.deliveryAttempt.count({ where: { deliveryId } })).toBe(0);
    // The same request, correctly signed, runs the first attempt.
    const ok = await post({ "X-Inngest-Signature": signInngestRequest(body, SIGNING_KEY) }, body);
    expect(ok.status).toBe(206);
    expect(await served.database.prisma.deliveryAttempt.count({ where: { deliveryId } })).toBe(1);
  });

  it("lists every production function with its triggers, retries and concurrency (signed in-band sync)", async () => {
    const { functions } = await import("@/inngest/functions/index.ts");
    const route = serve({ client: inngest, functions });
    const body = JSON.stringify({ url: ORIGIN });
    const unsigned = await route.PUT(
      new Request(ORIGIN, {
        method: "PUT",
        headers: { "x-inngest-sync-kind": "in_band" },
        body,
      }) as unknown as NextRequest,
      undefined,
    );
    expect(unsigned.status).toBe(401);
    const res = await route.PUT(
      new Request(ORIGIN, {
        method: "PUT",
        headers: {
          "Content-Type": "application/json",
          "x-inngest-sync-kind": "in_band",
          "X-Inngest-Signature": signInngestRequest(body, SIGNING_KEY),
        },
        body,
      }) as unknown as NextRequest,
      undefined,
    );
    expect(res.status).toBe(200);
    type FnConfig = {
      id: string;
      triggers: { event?: string; cron?: string }[];
      steps: { step: { retries?: { attempts: number } } };
      concurrency?: unknown;
    };
    const registered = (await res.json()) as { app_id: string; functions: FnConfig[] };
    expect(registered.app_id).toBe("agency-os-webhooks");
    const byId = Object.fromEntries(registered.functions.map((f) => [f.id.replace("agency-os-webhooks-", ""), f]));
    expect(Object.keys(byId).sort()).toEqual([
      "auto-disable-webhooks",
      "deliver-webhook",
      "deliver-webhook-failure",
      "deliver-webhooks",
      "deliver-webhooks-failure",
      "fan-out-event",
      "ingest-agency-os-event",
      "purge-delivery-logs",
      "relay-outbox",
      "retry-failed-job",
      "retry-failed-job-failure",
      "send-alert-digests",
      "send-alert-emails",
    ]);
    expect(byId["deliver-webhook"].triggers).toEqual([{ event: "webhooks/delivery.retry" }]);
    expect(byId["deliver-webhook"].steps.step.retries).toEqual({ attempts: 3 });
    expect(byId["deliver-webhook"].concurrency).toEqual([
      { key: "event.data.webhookId", scope: "env", limit: 5 },
      { limit: 100 },
    ]);
    expect(byId["deliver-webhooks"]).toMatchObject({
      triggers: [{ event: "webhooks/delivery.created" }],
      batchEvents: { maxSize: 100, timeout: "1s", key: "event.data.webhookId" },
      concurrency: [{ key: "event.data.webhookId", limit: 1 }, { limit: 100 }],
    });
    expect(byId["fan-out-event"].triggers).toEqual([{ event: "webhooks/event.created" }]);
    expect(byId["purge-delivery-logs"].triggers[0].cron).toBeTruthy();
    expect(byId["auto-disable-webhooks"].triggers[0].cron).toBeTruthy();
    expect(byId["relay-outbox"].triggers).toEqual([{ cron: "*/15 * * * *" }]);
    expect(byId["ingest-agency-os-event"].triggers).toEqual([{ event: "agency-os/*" }]);
    expect(byId["retry-failed-job"]).toMatchObject({
      triggers: [{ event: "webhooks/retry-job.started" }],
      concurrency: [{ key: "event.data.agencyId", limit: 2 }],
    });
    // onFailure: a run that fails for good marks its deliveries failed.
    expect(byId["deliver-webhooks-failure"].triggers).toEqual([
      {
        event: "inngest/function.failed",
        expression: "event.data.function_id == 'agency-os-webhooks-deliver-webhooks'",
      },
    ]);

    const introspection = await route.GET(
      new Request(ORIGIN, {
        headers: { "X-Inngest-Signature": signInngestRequest("", SIGNING_KEY) },
      }) as unknown as NextRequest,
      undefined,
    );
    expect(await introspection.json()).toMatchObject({
      authentication_succeeded: true,
      function_count: 13, // 10 functions and 3 onFailure handlers
      mode: "cloud",
    });
  });
});
