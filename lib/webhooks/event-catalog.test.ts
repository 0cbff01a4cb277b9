import { describe, expect, it } from "vitest";
import {
  EVENT_GROUPS,
  EVENT_TYPES,
  eventCatalog,
  eventTypesInGroup,
  parseEventData,
  sampleEventData,
} from "./event-catalog.ts";

const DOCUMENTED = [
  "client.created",
  "client.updated",
  "project.created",
  "project.updated",
  "project.completed",
  "task.created",
  "task.updated",
  "task.stage_changed",
  "invoice.created",
  "invoice.sent",
  "invoice.paid",
  "ticket.created",
  "ticket.reply",
  "time_entry.created",
];

describe("event catalog", () => {
  it("lists exactly the 14 documented event types, in the documented order", () => {
    expect(EVENT_TYPES).toEqual(DOCUMENTED);
  });

  it.each(EVENT_TYPES)("%s: the sample validates, and it has a description and a group", (type) => {
    const def = eventCatalog[type];
    expect(parseEventData(type, def.sample)).toEqual({ ok: true, data: def.sample });
    expect(def.description.length).toBeGreaterThan(5);
    expect(EVENT_GROUPS.map((g) => g.group)).toContain(def.group);
  });

  it("uses the product documentation's descriptions", () => {
    expect(eventCatalog["task.stage_changed"].description).toBe("Task moved to new stage");
    expect(eventCatalog["time_entry.created"].description).toBe("New time entry logged");
  });

  it("groups every type under one of the six resources", () => {
    const grouped = EVENT_GROUPS.flatMap((g) => eventTypesInGroup(g.group));
    expect(grouped.sort()).toEqual([...EVENT_TYPES].sort());
    expect(eventTypesInGroup("invoices")).toEqual(["invoice.created", "invoice.sent", "invoice.paid"]);
  });

  it("keeps the documented invoice.paid example exactly", () => {
    expect(sampleEventData("invoice.paid")).toEqual({
      id: 42,
      invoice_number: "INV-2026-0042",
      client_name: "Acme Corporation",
      amount: 1500.0,
      currency: "USD",
      paid_date: "2026-03-31",
    });
  });

  it("names the failing field when data is wrong", () => {
    const bad = { ...sampleEventData("invoice.paid"), amount: "1500" };
    const result = parseEventData("invoice.paid", bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain("data.amount");
    expect(result.issues[0].path).toBe("data.amount");
  });

  it("names nested fields and missing fields", () => {
    const sample = sampleEventData("ticket.reply");
    const result = parseEventData("ticket.reply", { ...sample, reply: { ...sample.reply, author_type: "robot" } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain("data.reply.author_type");
    const { paid_date: _omit, ...missing } = sampleEventData("invoice.paid");
    const second = parseEventData("invoice.paid", missing);
    expect(second.ok === false && second.error).toContain("data.paid_date");
  });

  it("refuses an unknown type with a clear message", () => {
    const result = parseEventData("invoice.voided" as "invoice.paid", {});
    expect(result).toMatchObject({ ok: false, error: 'Unknown event type "invoice.voided"' });
  });

  it("hands out copies of samples, so callers cannot change the catalog", () => {
    const copy = sampleEventData("invoice.paid");
    copy.amount = 1;
    expect(sampleEventData("invoice.paid").amount).toBe(1500);
  });
});
