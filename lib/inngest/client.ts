import { Inngest } from "inngest";
import { config } from "@/lib/config/index.ts";
import { EMBEDDED_ORIGIN, embeddedFetch } from "@/lib/engine/embedded-fetch.ts";
import { localSigningKey } from "@/lib/engine/local-signing-key.ts";

const APP_ID = "agency-os-webhooks";

/**
 * With Inngest configured (INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY / INNGEST_BASE_URL /
 * INNGEST_DEV) this is a plain client that reads those variables. Otherwise it is wired to the
 * embedded engine: cloud mode, so every call to the serve route must carry a valid signature,
 * with a locally generated signing key, and its outgoing calls answered in-process.
 */
function createClient() {
  if (!config().embeddedEngine) return new Inngest({ id: APP_ID });
  return new Inngest({
    id: APP_ID,
    isDev: false,
    baseUrl: `${EMBEDDED_ORIGIN}/`,
    // The event key is never checked: only this process can reach the pseudo origin.
    eventKey: "embedded-engine",
    // A getter: the SDK reads it per request, and this module is also evaluated by `next build`,
    // before start-up has created the key.
    get signingKey() {
      return localSigningKey(config().dataDir);
    },
    fetch: embeddedFetch,
  });
}

export const inngest = createClient();
