// `prisma generate` only needs the WASM query compiler, but the CLI insists that a
// schema-engine binary exists and tries to download one otherwise (impossible offline).
// Pointing it at any existing file satisfies the check without changing what is generated.
import { spawnSync } from "node:child_process";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE ??= "1";
const result = spawnSync("npx", ["prisma", "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
