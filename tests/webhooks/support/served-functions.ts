import { afterAll, beforeAll } from "vitest";
import type { NextRequest } from "next/server";
import { serve } from "inngest/next";
import { inngest } from "@/lib/inngest/client.ts";
import { createFunctions } from "@/inngest/functions/index.ts";
import { startReceiver, type Receiver } from "../../support/receiver.ts";
import { createTestDatabase, type TestDatabase } from "../../support/test-database.ts";
import { createAgency } from "./fixtures.ts";
import type { Handler } from "./inngest-driver.ts";

export const ORIGIN = "http://app.test/api/inngest";
export const FN_ID = "agency-os-webhooks-deliver-webhook";

export type ServedFunctions = {
  database: TestDatabase;
  rx: Receiver;
  /** The app's functions behind the SDK's own serve() handler, as Next would call it. */
  handler: Handler;
  agencyId: string;
  close(): Promise<void>;
};

/**
 * A test database with one agency, a receiver on 127.0.0.1, and the app's functions served by
 * the SDK (import ./cloud-mode.ts first). The schedule is in whole seconds because the SDK
 * floors durable sleeps at 1 s.
 */
export async function serveFunctions(): Promise<ServedFunctions> {
  const database = await createTestDatabase();
  const rx = await startReceiver();
  const agencyId = await createAgency(database.prisma);
  const functions = createFunctions({
    prisma: async () => database.prisma,
    delivery: {
      policy: { schedule: [1_000, 1_000], jitter: 0, maxRetryAfterMs: 2_500 },
      timeoutMs: 1_000,
      allowPrivateUrls: true,
    },
  });
  const route = serve({ client: inngest, functions });
  const handler: Handler = (req) => route.POST(req as unknown as NextRequest, undefined);
  return {
    database,
    rx,
    handler,
    agencyId,
    async close() {
      await rx.close();
      await database.drop();
    },
  };
}

/**
 * serveFunctions() for every test of the file: started before the first, closed after the
 * last. Read the parts inside tests (`served.rx`), once the file's setup has run.
 */
export function serveFunctionsForThisFile(): ServedFunctions {
  const served = {} as ServedFunctions;
  beforeAll(async () => {
    Object.assign(served, await serveFunctions());
  });
  afterAll(() => served.close());
  return served;
}
