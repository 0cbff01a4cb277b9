import { afterAll, beforeAll } from "vitest";
import { embeddedServeHandler } from "@/inngest/serve.ts";
import { resetConfig } from "@/lib/config/index.ts";
import { useDatabase } from "@/lib/db/index.ts";
import { startEmbeddedEngine, stopEmbeddedEngine } from "@/lib/engine/start.ts";
import { startReceiver, type Receiver } from "./receiver.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";

// Apart from dump-rows.ts because this needs vitest's runner, and the browser suites import
// dumpRows (e2e/support/private-postgres.ts) outside vitest.

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
