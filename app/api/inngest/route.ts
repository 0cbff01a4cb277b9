import { serve } from "inngest/next";
import { inngest } from "@/inngest/client.ts";
import { functions } from "@/inngest/functions/index.ts";
import { config } from "@/lib/config/index.ts";

// Embedded mode signs every call with the local key; syncs must be signed too, so nothing
// unsigned gets past this route (the SDK's default accepts unsigned sync requests).
export const { GET, POST, PUT } = serve({ client: inngest, functions, enableUnauthedSync: !config().embeddedEngine });
