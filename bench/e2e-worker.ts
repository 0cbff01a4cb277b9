// One end-to-end scenario in a process of its own (so its RSS is the engine's): an agency with
// M endpoints on the bench receiver, the embedded engine started as the app starts it, N events
// emitted through emitEvent (at a fixed rate or as fast as possible), then the receipts read
// back from the receiver (bench/load.ts, shared with the peer), after the warm-up (one event, then 2 s at the rate). Prints one line `RESULT <json>`.
import { prepareLocalSecrets } from "@/lib/config/index.ts";
import { db, getDatabase } from "@/lib/db/index.ts";
import { startEmbeddedEngine } from "@/lib/engine/start.ts";
import { embeddedServeHandler } from "@/inngest/serve.ts";
import { emitEventAndDispatch, transactionWithEvents } from "@/lib/events/index.ts";
import { newId } from "@/lib/ids.ts";
import { sampleEventData } from "@/lib/webhooks/event-catalog.ts";
import { createWebhook } from "@/lib/webhooks/webhook-repo.ts";
import { createLoadRecorder, emitAtRate, emitFullSpeed, measureDeliveries, warmUp, type E2eParams } from "./load.ts";

export type { E2eParams, E2eResult } from "./load.ts";

const params = JSON.parse(process.argv[2]) as E2eParams;

prepareLocalSecrets();
const prisma = await db();
const agencyId = newId("agc");
await prisma.agency.create({ data: { id: agencyId, name: "Bench Agency", slug: agencyId.toLowerCase() } });
for (let i = 0; i < params.endpoints; i++) {
  const kind = i < params.slowEndpoints ? "slow" : "hook";
  await createWebhook(prisma, {
    agencyId,
    allowPrivateUrls: true,
    input: { name: `Bench ${i}`, url: `${params.receiverOrigin}/${kind}/${i}`, events: ["invoice.paid"] },
  });
}
await startEmbeddedEngine(embeddedServeHandler);

const data = sampleEventData("invoice.paid");
const emitOne = (id: string) => emitEventAndDispatch(prisma, { agencyId, type: "invoice.paid", data, id });
const emitMany = (ids: string[]) =>
  transactionWithEvents(prisma, async (_tx, emit) => {
    for (const id of ids) await emit({ agencyId, type: "invoice.paid", data, id });
  });
const warm = await warmUp(params, params.rate > 0 ? emitOne : (id) => emitMany([id]));
await new Promise((r) => setTimeout(r, 1000));

const recorder = createLoadRecorder();
const run = params.rate > 0 ? emitAtRate(params, recorder, emitOne) : emitFullSpeed(params, recorder, emitMany);
const result = await measureDeliveries(params, recorder, run, (await getDatabase()).kind, warm);
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(0);
