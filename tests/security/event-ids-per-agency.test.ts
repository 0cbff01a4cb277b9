// An event ID is an agency's own idempotency key (DESIGN §4): unique per agency, never visible
// to or blockable by another. Before, the IDs shared one global key: another agency's admin
// learned that an ID was taken ("already used by another agency") and, by claiming it first,
// made the victim's event fail and roll back the victim's business transaction.
import { describe, expect, it } from "vitest";
import { emitEvent, transactionWithEvents } from "@/lib/events/index.ts";
import { attemptDelivery } from "@/lib/webhooks/attempt-delivery.ts";
import { createDeliveriesForEvent } from "@/lib/webhooks/create-deliveries.ts";
import { sampleEventData } from "@/lib/webhooks/event-catalog.ts";
import { addWebhook, createAgency } from "../webhooks/support/fixtures.ts";
import { setUpThisFile } from "../support/file-setup.ts";

const fx = setUpThisFile();
const prisma = () => fx.db.prisma;
const paid = (client_name: string) => ({ ...sampleEventData("invoice.paid"), client_name });

async function deliverAll(agencyId: string, eventId: string) {
  const { found, deliveries } = await createDeliveriesForEvent(prisma(), { agencyId, eventId });
  expect(found).toBe(true);
  for (const d of deliveries) {
    const result = await attemptDelivery(prisma(), { agencyId, deliveryId: d.deliveryId, trigger: "auto" });
    expect(result).toMatchObject({ kind: "attempted", ok: true });
  }
  return deliveries;
}

describe("event IDs are unique per agency", () => {
  it("another agency's use of an ID neither shows nor blocks anything; each agency's receivers get its own event", async () => {
    const victim = await createAgency(prisma(), "Victim");
    const attacker = await createAgency(prisma(), "Attacker");
    await addWebhook(prisma(), victim, { url: `${fx.receiver.url}/victim` });
    await addWebhook(prisma(), attacker, { url: `${fx.receiver.url}/attacker` });
    const id = "order-2026-0042";

    // The attacker claims the ID first: the answer is the same as for any unused ID.
    expect(await emitEvent(prisma(), { agencyId: attacker, type: "invoice.paid", data: paid("Attacker"), id })).toEqual(
      {
        id,
      },
    );
    expect(
      await emitEvent(prisma(), { agencyId: attacker, type: "invoice.paid", data: paid("Attacker"), id: "never-used" }),
    ).toEqual({ id: "never-used" });

    // The victim's business transaction with the same ID commits, its event included.
    const committed = await transactionWithEvents(prisma(), async (tx, emit) => {
      await tx.agency.update({ where: { id: victim }, data: { name: "Victim (paid)" } });
      return emit({ agencyId: victim, type: "invoice.paid", data: paid("Victim"), id });
    });
    expect(committed).toEqual({ id });
    expect((await prisma().agency.findUniqueOrThrow({ where: { id: victim } })).name).toBe("Victim (paid)");

    const rows = await prisma().event.findMany({ where: { id }, orderBy: { agencyId: "asc" } });
    expect(rows.map((r) => [r.agencyId, (r.data as { client_name: string }).client_name]).sort()).toEqual(
      [
        [attacker, "Attacker"],
        [victim, "Victim"],
      ].sort(),
    );

    // Each agency's receiver gets its own data under the ID the agency chose.
    await deliverAll(victim, id);
    await deliverAll(attacker, id);
    const got = (path: string) => fx.receiver.requests.filter((r) => r.path.endsWith(path));
    expect(got("/victim")).toHaveLength(1);
    expect(got("/attacker")).toHaveLength(1);
    for (const [path, name] of [
      ["/victim", "Victim"],
      ["/attacker", "Attacker"],
    ]) {
      const [request] = got(path);
      const body = JSON.parse(request.body) as { id: string; data: { client_name: string } };
      expect(body.id).toBe(id);
      expect(request.headers["x-aosai-event-id"]).toBe(id);
      expect(request.headers["webhook-id"]).toBe(id);
      expect(body.data.client_name).toBe(name);
    }
  });

  it("the same ID twice within one agency is still one event", async () => {
    const agencyId = await createAgency(prisma());
    const id = "twice-in-one-agency";
    await emitEvent(prisma(), { agencyId, type: "invoice.paid", data: paid("First"), id });
    await emitEvent(prisma(), { agencyId, type: "invoice.paid", data: paid("Second"), id });
    const rows = await prisma().event.findMany({ where: { agencyId, id } });
    expect(rows).toHaveLength(1);
    expect((rows[0].data as { client_name: string }).client_name).toBe("First");
  });
});
