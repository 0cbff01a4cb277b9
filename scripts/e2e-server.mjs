// Starts one production server (`next start`) on a fresh embedded database for the
// browser suites. --seed loads the demo agency and the second agency the cross-agency checks use. Needs a prior `next build`.
import { spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { port: { type: "string" }, seed: { type: "boolean", default: false } } });
const port = values.port ?? "3100";
const dataDir = `.data-e2e/${port}`;
rmSync(dataDir, { recursive: true, force: true });

const env = {
  ...process.env,
  NODE_ENV: "production",
  DATA_DIR: dataDir,
  DATABASE_URL: "",
  AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-only-secret-not-for-production-000000",
  // The suites' receivers listen on 127.0.0.1, and retries run on a seconds schedule.
  WEBHOOK_ALLOW_PRIVATE_URLS: "true",
  WEBHOOK_RETRY_SCHEDULE: process.env.WEBHOOK_RETRY_SCHEDULE ?? "1s,2s,3s",
  WEBHOOK_TIMEOUT_MS: process.env.WEBHOOK_TIMEOUT_MS ?? "5000",
};

if (values.seed) {
  const seeded = spawnSync("npx", ["tsx", "scripts/db-seed.ts", "--with-second-agency"], { env, stdio: "inherit" });
  if (seeded.status !== 0) process.exit(seeded.status ?? 1);
}

const server = spawn("npx", ["next", "start", "-p", port, "-H", "127.0.0.1"], { env, stdio: "inherit" });
const stop = () => server.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
server.on("exit", (code) => process.exit(code ?? 0));
