import { config, prepareLocalSecrets } from "@/lib/config/index.ts";
import { getDatabase } from "@/lib/db/index.ts";
import { startEmbeddedEngine } from "@/lib/engine/start.ts";

/**
 * Start-up: create the generated local secrets if missing, migrate the database, then start
 * the embedded engine unless Inngest is configured.
 */
export async function startServer(): Promise<void> {
  prepareLocalSecrets();
  const database = await getDatabase();
  console.log(`[agency-os] database ready (${database.kind})`);
  if (!config().embeddedEngine) {
    console.log("[agency-os] Inngest is configured (INNGEST_*): the embedded engine stays off");
    return;
  }
  await startEmbeddedEngine();
  console.log("[agency-os] embedded engine started");
}
