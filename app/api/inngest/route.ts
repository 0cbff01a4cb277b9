import { serve } from "inngest/next";
import { inngest } from "@/inngest/client.ts";
import { functions } from "@/inngest/functions/index.ts";

// Every call, syncs included, must be signed (the SDK's default accepts unsigned sync
// requests). In embedded mode the engine signs with the local key; Inngest signs its own.
export const { GET, POST, PUT } = serve({ client: inngest, functions, enableUnauthedSync: false });
