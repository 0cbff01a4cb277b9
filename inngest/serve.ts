import { serve } from "inngest/next";
import type { NextRequest } from "next/server";
import { inngest } from "@/lib/inngest/client.ts";
import { functions } from "@/inngest/functions/index.ts";

// Every call, syncs included, must be signed (the SDK's default accepts unsigned sync
// requests). In embedded mode the engine signs with the local key; Inngest signs its own.
export const serveHandler = serve({ client: inngest, functions, enableUnauthedSync: false });

// The embedded engine's calls never leave the process: they reach this handler as function
// calls, not through the route, so it does not check their signature (nor sign its answers,
// which the engine does not check either). The route (`serveHandler`) still refuses any call
// not signed with the local key. The two HMACs per call (the SDK does them with WebCrypto) and
// their headers were 2.5 % of the engine process's CPU at full speed × 10.
// (`skipSignatureValidation` is an option of the SDK's handler that serve() passes on but does
// not declare; tests/engine/route-auth.test.ts checks it still takes effect.)
const inProcessHandler = serve({
  client: inngest,
  functions,
  enableUnauthedSync: false,
  skipSignatureValidation: true,
} as Parameters<typeof serve>[0]);

/** The same functions as the engine calls them: in-process, with plain Requests, never from the network. */
export const embeddedServeHandler = {
  // So the engine sends its calls unsigned, as plain JSON (lib/engine/protocol.ts, buildRequest).
  checksSignatures: false,
  // The handlers only read what every Request has (url, method, headers, text()).
  POST: (req: Request) => inProcessHandler.POST(req as NextRequest, undefined),
  PUT: (req: Request) => inProcessHandler.PUT(req as NextRequest, undefined),
};
