import { describe, expect, it } from "vitest";
import { sampleEventData } from "./event-catalog.ts";
import { buildPayloadBody, orderedEventData, payloadBodyOf } from "./webhook-payload.ts";

const occurredAt = new Date("2026-03-31T12:00:00.123Z");
const built = (e: { id: string; type: string; occurredAt: Date; data: unknown }) =>
  buildPayloadBody({
    eventId: e.id,
    eventType: e.type,
    occurredAt: e.occurredAt,
    data: orderedEventData(e.type, e.data),
  });

// jsonb hands the data back with its keys reshuffled; the body must still follow the schema's order.
function reshuffled(data: unknown): unknown {
  if (!data || typeof data !== "object" || Array.isArray(data)) return data;
  return Object.fromEntries(
    Object.entries(data)
      .reverse()
      .map(([k, v]) => [k, reshuffled(v)]),
  );
}

describe("payloadBodyOf", () => {
  it("is the body buildPayloadBody makes, shared by an event's deliveries", () => {
    const event = {
      id: "evt_shared",
      type: "invoice.paid",
      occurredAt,
      data: reshuffled(sampleEventData("invoice.paid")),
    };
    const first = payloadBodyOf("agc_1", event, 1_000);
    expect(first).toBe(built(event));
    expect(JSON.parse(first).data).toEqual(sampleEventData("invoice.paid"));
    expect(Object.keys(JSON.parse(first).data)).toEqual(Object.keys(sampleEventData("invoice.paid")));
    // Another delivery of the same event gets the same string back, not a rebuilt one.
    expect(payloadBodyOf("agc_1", { ...event, data: { not: "read again" } }, 2_000)).toBe(first);
  });

  it("rebuilds for another agency, another type or time, and after a minute", () => {
    const event = { id: "evt_again", type: "invoice.paid", occurredAt, data: sampleEventData("invoice.paid") };
    payloadBodyOf("agc_1", event, 1_000);
    const other = { ...event, data: { ...sampleEventData("invoice.paid"), amount: 1 } };
    // The same id in another agency is another event.
    expect(payloadBodyOf("agc_2", other, 1_000)).toBe(built(other));
    // An id purged and emitted again (another time or type) is never answered from the cache.
    const later = { ...other, occurredAt: new Date("2026-04-30T12:00:00Z") };
    expect(payloadBodyOf("agc_1", later, 1_500)).toBe(built(later));
    const before = payloadBodyOf("agc_1", event, 2_000);
    expect(before).toBe(built(event));
    expect(payloadBodyOf("agc_1", other, 2_000 + 60_000)).toBe(built(other));
  });
});
