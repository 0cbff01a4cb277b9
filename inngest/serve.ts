import { serve } from "inngest/next";
import type { NextRequest } from "next/server";
import { inngest } from "@/lib/inngest/client.ts";
import { functions } from "@/inngest/functions/index.ts";

// Every call, syncs included, must be signed (the SDK's default accepts unsigned sync
// requests). In embedded mode the engine signs with the local key; Inngest signs its own.
export const serveHandler = serve({ client: inngest, functions, enableUnauthedSync: false });

/** The same handler as the embedded engine calls it: in-process, with plain Requests. */
export const embeddedServeHandler = {
  // The handlers only read what every Request has (url, method, headers, text()).
  POST: (req: Request) => serveHandler.POST(req as NextRequest, undefined),
  PUT: (req: Request) => serveHandler.PUT(req as NextRequest, undefined),
};
