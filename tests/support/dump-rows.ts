import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { embeddedServeHandler } from "@/inngest/serve.ts";
import { resetConfig } from "@/lib/config/index.ts";
import { useDatabase } from "@/lib/db/index.ts";
import { startEmbeddedEngine, stopEmbeddedEngine } from "@/lib/engine/start.ts";
import { startReceiver, type Receiver } from "./receiver.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";

/**
 * Every row of every table in a database, as text: what the data part of a pg_dump holds (a
 * stolen backup), without needing a pg_dump of the server's version on the machine.
 */
export async function dumpRows(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      `SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name FROM pg_tables
        WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
    );
    const parts: string[] = [];
    for (const { name } of tables.rows) {
      const rows = await client.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`);
      parts.push(`-- ${name}`, ...rows.rows.map((r) => r.row));
    }
    return parts.join("\n");
  } finally {
    await client.end();
  }
}

export type AtRestSetup = { db: TestDatabase; receiver: Receiver };

/**
 * For a file that checks what is stored at rest: a test database the app uses (config reset,
 * `useDatabase`), the embedded engine delivering through the real sender to a receiver on
 * 127.0.0.1 that answers `reply`, started before the file's first test and stopped after its
 * last. Read the parts inside tests (`setup.db`), once the file's setup has run.
 */
export function atRestSetupForThisFile(reply: { status: number; body: string }): AtRestSetup {
  const setup = {} as AtRestSetup;
  beforeAll(async () => {
    resetConfig();
    setup.db = await createTestDatabase();
    useDatabase(setup.db);
    setup.receiver = await startReceiver(reply);
    await startEmbeddedEngine(embeddedServeHandler);
  });
  afterAll(async () => {
    await stopEmbeddedEngine();
    await setup.receiver?.close();
    await setup.db?.drop();
  });
  return setup;
}
