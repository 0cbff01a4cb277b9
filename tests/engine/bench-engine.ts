// Throughput of the embedded engine alone: `npx tsx tests/engine/bench-engine.ts [runs] [pglite]`.
// Each run is one step.run and a completion (2 protocol calls), like a first-try delivery.
import { inngest } from "@/lib/inngest/client.ts";
import { createTestDatabase } from "../support/test-database.ts";
import { startTestEngine } from "./engine-harness.ts";

const total = Number(process.argv[2] ?? 2000);
const kind = process.argv[3] === "pglite" ? "pglite" : "postgres";
const oneStep = inngest.createFunction(
  { id: "bench-one-step", triggers: [{ event: "bench/go" }] },
  async ({ step, event }) => {
    return step.run("work", () => ({ n: event.data.n }));
  },
);

const database = await createTestDatabase(kind);
const engine = await startTestEngine(database.prisma, [oneStep], { concurrency: 64 });
const t0 = performance.now();
const c0 = process.cpuUsage();
for (let i = 0; i < total; i += 500) {
  await engine.send(
    Array.from({ length: Math.min(500, total - i) }, (_, j) => ({ name: "bench/go", data: { n: i + j } })),
  );
}
for (;;) {
  const done = await database.prisma.engineRun.count({ where: { status: "completed" } });
  if (done >= total) break;
  await new Promise((r) => setTimeout(r, 50));
}
const secs = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(c0);
console.log(
  `${kind}: ${total} runs in ${secs.toFixed(2)} s = ${(total / secs).toFixed(0)} runs/s; engine+SDK CPU ${((cpu.user + cpu.system) / 1000 / total).toFixed(2)} ms/run`,
);
await engine.stop();
await database.drop();
process.exit(0);
