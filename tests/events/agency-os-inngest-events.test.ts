// App code elsewhere sends `agency-os/<type>` Inngest events: here through this app's own client
// on the embedded engine, which runs the real consuming function, fan-out and delivery, to a
// real receiver that verifies what it gets with the receiver package.
process.env.WEBHOOK_RETRY_SCHEDULE = "1s";
process.env.WEBHOOK_RETRY_JITTER = "0";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InngestTestEngine } from "@inngest/test";
import { verifyWebhook } from "@agency-os/webhooks";
import { agencyOsEvents } from "@agency-os/webhooks/inngest";
import { inngest } from "@/lib/inngest/client.ts";
import { embeddedServeHandler } from "@/inngest/serve.ts";
import { createIngestAgencyOsEvent } from "@/inngest/functions/ingest-agency-os-event.ts";
import { resetConfig } from "@/lib/config/index.ts";
import { useDatabase } from "@/lib/db/index.ts";
import { startEmbeddedEngine, stopEmbeddedEngine } from "@/lib/engine/start.ts";
import { sampleEventData } from "@/lib/webhooks/event-catalog.ts";
import { startReceiver, type Receiver } from "../support/receiver.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { addWebhook, createAgency } from "../webhooks/support/fixtures.ts";

let db: TestDatabase;
let receiver: Receiver;
let agencyId: string;
let secret: string;

beforeAll(async () => {
  resetConfig();
  db = await createTestDatabase();
  useDatabase(db);
  receiver = await startReceiver();
  agencyId = await createAgency(db.prisma);
  secret = (await addWebhook(db.prisma, agencyId, { url: `${receiver.url}/paid`, events: ["invoice.paid"] })).secret;
  await startEmbeddedEngine(embeddedServeHandler);
});

afterAll(async () => {
  await stopEmbeddedEngine();
  await receiver?.close();
  await db?.drop();
});

const ingestRuns = () =>
  db.prisma.engineRun.findMany({
    where: { functionId: { endsWith: "ingest-agency-os-event" } },
    orderBy: { createdAt: "asc" },
  });

describe("agency-os/* Inngest events", () => {
  it("an invoice.paid sent as agency-os/invoice.paid reaches the endpoint once, signed, its Inngest id as the event ID", async () => {
    const data = sampleEventData("invoice.paid");
    const event = agencyOsEvents["invoice.paid"].create({ agencyId, ...data }, { id: "billing-invoice-42-paid" });
    await inngest.send(event);
    // The same id again (a retried send) delivers nothing new.
    await inngest.send(agencyOsEvents["invoice.paid"].create({ agencyId, ...data }, { id: "billing-invoice-42-paid" }));
    await expect.poll(() => receiver.requests.length, { timeout: 30_000 }).toBe(1);
    const [req] = receiver.requests;
    const received = verifyWebhook(req.headers, req.body, secret);
    expect(received).toMatchObject({ id: "billing-invoice-42-paid", event: "invoice.paid", data });
    expect(await db.prisma.event.count({ where: { agencyId } })).toBe(1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.requests).toHaveLength(1);
  });

  it("run again for the same event (a retry: the function has no steps to skip), it records and delivers it once", async () => {
    const data = sampleEventData("invoice.paid");
    const before = receiver.requests.length;
    const t = new InngestTestEngine({
      function: createIngestAgencyOsEvent(),
      events: [{ name: "agency-os/invoice.paid", data: { agencyId, ...data }, id: "retried-invoice-43-paid" }],
    });
    const first = await t.execute();
    const again = await t.execute();
    expect(first.result).toEqual({ eventId: "retried-invoice-43-paid", type: "invoice.paid", agencyId });
    expect(again.result).toEqual(first.result);
    expect(first.ctx.step.run).not.toHaveBeenCalled();
    expect(await db.prisma.event.count({ where: { agencyId, id: "retried-invoice-43-paid" } })).toBe(1);
    await expect.poll(() => receiver.requests.length - before, { timeout: 30_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.requests.length - before).toBe(1);
  });

  it("a bad event fails once, visibly and without retries, and records nothing", async () => {
    const before = (await ingestRuns()).length;
    const bad = { ...sampleEventData("invoice.paid"), amount: "a lot" };
    await inngest.send({ name: "agency-os/invoice.paid", data: { agencyId, ...bad }, id: "billing-bad-amount" });
    await inngest.send({ name: "agency-os/invoice.refunded", data: { agencyId }, id: "billing-unknown-type" });
    await inngest.send({
      name: "agency-os/invoice.paid",
      data: { agencyId: "agy_nobody", ...sampleEventData("invoice.paid") },
      id: "billing-unknown-agency",
    });
    await expect
      .poll(async () => (await ingestRuns()).slice(before).filter((r) => r.status === "failed").length, {
        timeout: 30_000,
      })
      .toBe(3);
    const failed = (await ingestRuns()).slice(before);
    expect(failed.map((r) => r.error).join("\n")).toMatch(/data\.amount/);
    expect(failed.map((r) => r.error).join("\n")).toMatch(/not an Agency OS event/);
    expect(failed.map((r) => r.error).join("\n")).toMatch(/no agency "agy_nobody"/);
    // Failed on the first attempt: never retried.
    expect(failed.map((r) => r.attempt)).toEqual([0, 0, 0]);
    expect(
      await db.prisma.event.count({
        where: { id: { startsWith: "billing-" }, NOT: { id: "billing-invoice-42-paid" } },
      }),
    ).toBe(0);
  });
});
