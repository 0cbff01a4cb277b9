import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { stopEmbeddedPostgres } from "../lib/db/embedded-postgres.ts";

// The apps of the browser suites run on the embedded PostgreSQL of their data folders under
// .data-e2e/, which outlives each app (SIGKILL included, as for users): stop them all.
export default async function globalTeardown() {
  const root = ".data-e2e";
  if (!existsSync(root)) return;
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (entry.isDirectory()) await stopEmbeddedPostgres(path.join(root, entry.name)).catch(() => false);
  }
}
