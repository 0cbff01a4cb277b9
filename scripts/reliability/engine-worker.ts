// An engine process of its own: the app's real functions and serve handler on the embedded
// engine, against DATABASE_URL, until SIGTERM. `npm run soak` runs one beside itself;
// tests/reliability/multi-process-faults.test.ts runs three, with shorter timings (a lease
// and Inngest's backoff table scaled down, so a bounded test can outlive a lease) and asks
// them over IPC to emit events as the app does (emitEvent, then the hand-off to the engine).
import { parseArgs } from "node:util";
import { z } from "zod";
import { embeddedServeHandler } from "@/inngest/serve.ts";
import { prepareLocalSecrets } from "@/lib/config/index.ts";
import { getDatabase } from "@/lib/db/index.ts";
import { inngestBackoff } from "@/lib/engine/retry-backoff.ts";
import { startEmbeddedEngine, stopEmbeddedEngine, type EngineTimings } from "@/lib/engine/start.ts";
import { emitEventAndDispatch } from "@/lib/events/index.ts";
import { EVENT_TYPES, sampleEventData } from "@/lib/webhooks/event-catalog.ts";

const Args = z.object({
  "lease-ms": z.coerce.number().int().min(1000).optional(),
  "backoff-scale": z.coerce.number().positive().max(1).optional(),
});
const args = Args.parse(
  parseArgs({ options: { "lease-ms": { type: "string" }, "backoff-scale": { type: "string" } } }).values,
);
const timings: EngineTimings = {};
if (args["lease-ms"]) timings.leaseMs = args["lease-ms"];
const scale = args["backoff-scale"];
if (scale) timings.backoff = (n) => Math.round(inngestBackoff(n) * scale);

prepareLocalSecrets();
await startEmbeddedEngine(embeddedServeHandler, timings);

const EmitRequest = z.object({
  kind: z.literal("emit"),
  id: z.string(),
  agencyId: z.string(),
  type: z.enum(EVENT_TYPES),
});
process.on("message", (message) => {
  const request = EmitRequest.safeParse(message);
  if (!request.success) return;
  const { id, agencyId, type } = request.data;
  void getDatabase()
    .then((database) => emitEventAndDispatch(database.prisma, { agencyId, type, data: sampleEventData(type), id }))
    .then(
      () => process.send?.({ kind: "emitted", id }),
      (err: Error) => process.send?.({ kind: "emit-failed", id, error: err.message.split("\n").pop() }),
    );
});

console.log("engine worker ready");
process.on("SIGTERM", () => {
  void stopEmbeddedEngine().finally(() => process.exit(0));
});
