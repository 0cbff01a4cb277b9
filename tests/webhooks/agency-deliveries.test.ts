import { describe, expect, it } from "vitest";
import { parseAgencyLogQuery } from "@/lib/webhooks/logs/agency-log-query.ts";
import { deliveriesCsv } from "@/lib/webhooks/logs/export-deliveries-csv.ts";
import { listAgencyDeliveries } from "@/lib/webhooks/logs/list-agency-deliveries.ts";
import { sampleEventData } from "@/lib/webhooks/event-catalog.ts";
import { newId } from "@/lib/ids.ts";
import { addWebhook, createAgency } from "./support/fixtures.ts";
import { setUpThisFile } from "../support/file-setup.ts";

// Settings → Webhooks → Deliveries: the agency's log across endpoints (issue 17, item 3).
const fx = setUpThisFile();
const prisma = () => fx.db.prisma;

async function delivery(
  agencyId: string,
  webhookId: string,
  opts: {
    invoice?: string;
    status?: "succeeded" | "failed";
    code?: number;
    minutesAgo?: number;
    type?: "invoice.paid" | "client.created";
  } = {},
) {
  const type = opts.type ?? "invoice.paid";
  const eventId = newId("evt");
  const data =
    type === "invoice.paid"
      ? { ...sampleEventData("invoice.paid"), invoice_number: opts.invoice ?? "INV-1" }
      : sampleEventData(type);
  await prisma().event.create({ data: { id: eventId, agencyId, type, data: data as object, occurredAt: new Date() } });
  const createdAt = new Date(Date.now() - (opts.minutesAgo ?? 0) * 60_000);
  const id = newId("dlv");
  await prisma().delivery.create({
    data: {
      id,
      agencyId,
      webhookId,
      eventId,
      eventType: type,
      status: opts.status ?? "succeeded",
      lastStatusCode: opts.code ?? 200,
      createdAt,
    },
  });
  return { id, eventId };
}

const list = (agencyId: string, params: Record<string, string>) =>
  listAgencyDeliveries(prisma(), { agencyId, query: parseAgencyLogQuery(new URLSearchParams(params)) });

describe("deliveries across every endpoint of the agency", () => {
  it("filters by endpoint, event type, status, status code and time; searches event ID and payload values; pages by keyset", async () => {
    const agencyId = await createAgency(prisma());
    const crm = await addWebhook(prisma(), agencyId, { url: fx.receiver.url, name: "CRM" });
    const books = await addWebhook(prisma(), agencyId, { url: fx.receiver.url, name: "Books" });
    const paid = await delivery(agencyId, crm.id, { invoice: "INV-2026-0042", status: "failed", code: 500 });
    await delivery(agencyId, books.id, { invoice: "INV-2026-0043" });
    const old = await delivery(agencyId, books.id, { minutesAgo: 120 });
    const client = await delivery(agencyId, crm.id, { type: "client.created" });
    // Another agency's delivery with the same invoice number is never seen.
    const other = await createAgency(prisma());
    const otherHook = await addWebhook(prisma(), other, { url: fx.receiver.url });
    await delivery(other, otherHook.id, { invoice: "INV-2026-0042" });

    const ids = async (params: Record<string, string>) => (await list(agencyId, params)).items.map((d) => d.id).sort();
    expect((await list(agencyId, {})).items).toHaveLength(4);
    expect((await list(agencyId, {})).items[0]).toMatchObject({ webhookName: expect.any(String) });
    expect(await ids({ webhookId: crm.id })).toEqual([paid.id, client.id].sort());
    expect(await ids({ eventType: "client.created" })).toEqual([client.id]);
    expect(await ids({ status: "failed" })).toEqual([paid.id]);
    expect(await ids({ statusCode: "500" })).toEqual([paid.id]);
    expect(await ids({ from: new Date(Date.now() - 3_600_000).toISOString() })).not.toContain(old.id);
    expect(await ids({ to: new Date(Date.now() - 3_600_000).toISOString() })).toEqual([old.id]);
    expect(await ids({ eventId: paid.eventId })).toEqual([paid.id]);
    expect(await ids({ q: "INV-2026-0042" })).toEqual([paid.id]);
    expect(await ids({ q: "inv-2026-004" })).toHaveLength(2);
    // LIKE wildcards in the search are plain characters.
    expect(await ids({ q: "INV_2026%" })).toEqual([]);

    const first = await list(agencyId, { limit: "3" });
    expect(first.items).toHaveLength(3);
    const second = await list(agencyId, { limit: "3", cursor: first.nextCursor! });
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((d) => d.id)).size).toBe(4);
    expect(() => parseAgencyLogQuery(new URLSearchParams({ q: "ab" }))).toThrow(/at least 3/);
    expect(() => parseAgencyLogQuery(new URLSearchParams({ nope: "1" }))).toThrow();
  });

  it("exports the filtered view as CSV, batch by batch, with cells a spreadsheet will not run", async () => {
    const agencyId = await createAgency(prisma());
    const hook = await addWebhook(prisma(), agencyId, { url: fx.receiver.url, name: '=HYPERLINK("x"), "quoted"' });
    for (let i = 0; i < 1_205; i++)
      await delivery(agencyId, hook.id, { status: i % 2 ? "failed" : "succeeded", code: i % 2 ? 503 : 200 });
    const chunks: string[] = [];
    for await (const chunk of deliveriesCsv(prisma(), {
      agencyId,
      query: { status: "failed", webhookId: undefined, eventId: undefined, q: undefined },
    }))
      chunks.push(chunk);
    // The header, then the rows a batch (up to 1,000) at a time.
    expect(chunks.length).toBe(2);
    const lines = chunks.join("").trimEnd().split("\r\n");
    expect(lines[0].split(",")).toEqual(
      expect.arrayContaining(["delivery_id", "event_id", "status", "last_status_code"]),
    );
    expect(lines).toHaveLength(1 + 602);
    expect(lines.slice(1).every((l) => l.includes(",failed,") && l.includes(",503,"))).toBe(true);
    expect(lines[1]).toContain(`"'=HYPERLINK(""x""), ""quoted"""`);
  }, 120_000);
});
