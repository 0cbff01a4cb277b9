import { describe, expect, it } from "vitest";
import { parseEventData, sampleEventData } from "./event-catalog.ts";

// PostgreSQL's jsonb refuses \u0000 and an unpaired surrogate: such data used to pass the schema
// and then fail the INSERT (an empty 500). It is refused here, naming the field.
describe("event data that cannot be stored", () => {
  it.each([
    ["a NUL", "Acme\u0000"],
    ["a lone high surrogate", "Acme \ud800"],
    ["a lone low surrogate", "\udfffAcme"],
  ])("refuses %s in a field, naming it", (_what, clientName) => {
    const parsed = parseEventData("invoice.paid", { ...sampleEventData("invoice.paid"), client_name: clientName });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues[0].path).toBe("data.client_name");
    expect(parsed.error).toContain("data.client_name");
  });

  it("refuses them in nested arrays too", () => {
    const data = sampleEventData("task.updated");
    const parsed = parseEventData("task.updated", { ...data, changed_fields: ["priority", "title\u0000"] });
    expect(parsed).toMatchObject({ ok: false, issues: [{ path: "data.changed_fields.1" }] });
  });

  it("keeps well-formed text, emoji included", () => {
    expect(
      parseEventData("invoice.paid", { ...sampleEventData("invoice.paid"), client_name: "Ácme 🚀 株式会社" }).ok,
    ).toBe(true);
  });
});
