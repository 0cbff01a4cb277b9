import { clientAddressMode } from "@/lib/auth/client-address.ts";
import { config, prepareLocalSecrets } from "@/lib/config/index.ts";
import { describeDatabase, getDatabase } from "@/lib/db/index.ts";
import type { EngineOptions } from "@/lib/engine/engine.ts";
import { startEmbeddedEngine } from "@/lib/engine/start.ts";

/**
 * Start-up: create the generated local secrets if missing, migrate the database, then start
 * the embedded engine (on the serve handler it is given) unless Inngest is configured.
 */
export async function startServer(serveHandler: EngineOptions["handler"]): Promise<void> {
  prepareLocalSecrets();
  const database = await getDatabase();
  console.log(`[agency-os] database ready (${describeDatabase(database)})`);
  console.log(`[agency-os] ${clientAddressMode()}`);
  if (!config().embeddedEngine) {
    console.log("[agency-os] Inngest is configured (INNGEST_*): the embedded engine stays off");
    return;
  }
  await startEmbeddedEngine(serveHandler);
  console.log("[agency-os] embedded engine started");
}
