// A second engine process for `npm run soak`: the app's real functions and serve handler on the
// embedded engine, against DATABASE_URL, until SIGTERM.
import { embeddedServeHandler } from "@/inngest/serve.ts";
import { prepareLocalSecrets } from "@/lib/config/index.ts";
import { startEmbeddedEngine, stopEmbeddedEngine } from "@/lib/engine/start.ts";

prepareLocalSecrets();
await startEmbeddedEngine(embeddedServeHandler);
console.log("engine worker ready");
process.on("SIGTERM", () => {
  void stopEmbeddedEngine().finally(() => process.exit(0));
});
