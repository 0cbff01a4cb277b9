// Starts one production server (`next start`) on a fresh database for the browser suites:
// the embedded PostgreSQL of its own data folder (the default users get), or, with
// TEST_DATABASE_URL, a fresh database on that server. --seed loads the demo agency and the
// second agency the cross-agency checks use. Needs a prior `next build`.
// e2e/global-teardown.ts stops the embedded servers afterwards.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { parseArgs } from "node:util";
import pg from "pg";

const { values } = parseArgs({ options: { port: { type: "string" }, seed: { type: "boolean", default: false } } });
const port = values.port ?? "3100";
const dataDir = `.data-e2e/${port}`;

// A server left running by an interrupted run must stop before its folder goes.
if (existsSync(`${dataDir}/postgres/postmaster.pid`)) {
  spawnSync("npx", ["tsx", "scripts/db-stop.ts"], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" } });
}
rmSync(dataDir, { recursive: true, force: true });

const env = {
  ...process.env,
  NODE_ENV: "production",
  DATA_DIR: dataDir,
  DATABASE_URL: await freshDatabase(),
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

/** "" (the embedded default), or a database of this server's own on TEST_DATABASE_URL's server. */
async function freshDatabase() {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) return "";
  const name = `e2e_${port}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}
