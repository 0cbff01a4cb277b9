// Throughput of the embedded engine alone: `npx tsx tests/engine/bench-engine.ts [runs]`, on
// TEST_DATABASE_URL's server or else an embedded PostgreSQL of its own.
// Each run is one step.run and a completion (2 protocol calls), like a first-try delivery.
import { inngest } from "@/lib/inngest/client.ts";
import { openDatabase } from "@/lib/db/open-database.ts";
import { startScratchPostgres } from "@/lib/db/scratch-postgres.ts";
import { startTestEngine } from "./engine-harness.ts";

const total = Number(process.argv[2] ?? 2000);
const external = process.env.TEST_DATABASE_URL;
const scratch = external ? undefined : await startScratchPostgres("bench-engine");
const kind = external ? "external PostgreSQL" : "embedded PostgreSQL";
const oneStep = inngest.createFunction(
  { id: "bench-one-step", triggers: [{ event: "bench/go" }] },
  async ({ step, event }) => {
    return step.run("work", () => ({ n: event.data.n }));
  },
);

const name = `bench_engine_${Date.now().toString(36)}`;
const admin = new URL(external ?? scratch!.adminUrl);
const adminDb = await openDatabase({ url: admin.toString(), migrate: false, poolSize: 1 });
await adminDb.prisma.$executeRawUnsafe(`CREATE DATABASE "${name}"`);
admin.pathname = `/${name}`;
const database = await openDatabase({ url: admin.toString(), poolSize: 5 });
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
await database.close();
await adminDb.prisma.$executeRawUnsafe(`DROP DATABASE "${name}" WITH (FORCE)`);
await adminDb.close();
await scratch?.destroy();
process.exit(0);
