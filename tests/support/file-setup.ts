import { afterAll, beforeAll } from "vitest";
import type { AuditActor } from "@/lib/audit/record-audit.ts";
import { createAgency } from "../webhooks/support/fixtures.ts";
import { startReceiver, type Behaviour, type Receiver } from "./receiver.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";

// Apart from dump-rows.ts because this needs vitest's runner, and the browser suites import
// dumpRows (e2e/support/private-postgres.ts) outside vitest.

export type FileSetupOptions = {
  /**
   * The app's own code runs against the database: config read afresh (the file's process.env),
   * `useDatabase`, and the embedded engine delivering through the real sender.
   */
  engine?: boolean;
  /**
   * What the receiver answers: one behaviour for every request, or one per path after `base`
   * (the map is read at each request, so a test may set a path's answer later; 200 otherwise).
   */
  reply?: Behaviour | Map<string, Behaviour>;
  /** Make an agency of this name for the file's tests (`agencyId`, `actor`). */
  agency?: string;
};

export type FileSetup = {
  db: TestDatabase;
  receiver: Receiver;
  /** The receiver's own path prefix (its url ends in it): a request to `${url}/x` has path base + "/x". */
  base: string;
  /** With the `agency` option: its ID, and its admin as the audit log names a person. */
  agencyId: string;
  actor: AuditActor;
};

/**
 * A fresh database and a receiver on 127.0.0.1 for one test file, and what the options add:
 * made before its first test, stopped and dropped after its last. Read the parts inside tests
 * (`fx.db.prisma`), once the file's setup has run.
 */
export function setUpThisFile(options: FileSetupOptions = {}): FileSetup {
  const fx = {} as FileSetup;
  let app: App | undefined;
  beforeAll(async () => {
    if (options.engine) {
      app = await loadApp();
      // Before anything reads it: the config as this file's process.env sets it.
      app.resetConfig();
    }
    fx.db = await createTestDatabase();
    const { reply } = options;
    fx.receiver = await startReceiver(reply instanceof Map ? undefined : reply);
    fx.base = new URL(fx.receiver.url).pathname.replace(/\/$/, "");
    if (reply instanceof Map)
      fx.receiver.setDefault((req) => reply.get(req.path.slice(fx.base.length)) ?? { status: 200 });
    if (options.agency) {
      fx.agencyId = await createAgency(fx.db.prisma, options.agency);
      fx.actor = { agencyId: fx.agencyId, userId: null, label: "Ada Admin <ada@example.test>" };
    }
    if (app) {
      app.useDatabase(fx.db);
      await app.startEmbeddedEngine(app.embeddedServeHandler);
    }
  });
  afterAll(async () => {
    await app?.stopEmbeddedEngine();
    await fx.receiver?.close();
    await fx.db?.drop();
  });
  return fx;
}

// Imported only with the engine option: a file without it does not load the app's functions.
async function loadApp() {
  const [config, db, engine, serve] = await Promise.all([
    import("@/lib/config/index.ts"),
    import("@/lib/db/index.ts"),
    import("@/lib/engine/start.ts"),
    import("@/inngest/serve.ts"),
  ]);
  return {
    resetConfig: config.resetConfig,
    useDatabase: db.useDatabase,
    startEmbeddedEngine: engine.startEmbeddedEngine,
    stopEmbeddedEngine: engine.stopEmbeddedEngine,
    embeddedServeHandler: serve.embeddedServeHandler,
  };
}
type App = Awaited<ReturnType<typeof loadApp>>;
