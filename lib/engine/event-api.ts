import type { ApiRequest } from "./embedded-fetch.ts";
import type { Op } from "./protocol.ts";
import type { CheckpointTarget } from "./run-driver.ts";
import { hashedSigningKey, safeEqual } from "./signing.ts";

// The parts of Inngest's API the SDK calls: `POST /e/:key` (send events), `POST
// /fn/register` (the sync a signed PUT triggers) and `POST /v1/checkpoint/:runId/async`
// (a step finished inside a call). Everything else is answered 404.

export type IncomingEvent = { name: string; data?: unknown; id?: string; ts?: number; [key: string]: unknown };

/** A refusal the event API answers with 400, as Inngest's does (e.g. a limit). */
export class EventApiError extends Error {}

export function createEventApi(opts: {
  signingKey: string;
  send(events: IncomingEvent[], idSeed?: string): Promise<{ ids: string[] }>;
  register(body: unknown): void;
  checkpoints?: Map<string, CheckpointTarget>;
}): (req: ApiRequest) => Promise<Response> {
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  const bearer = `Bearer ${hashedSigningKey(opts.signingKey)}`;
  const authorized = (req: ApiRequest) => safeEqual(req.headers.get("authorization") ?? "", bearer);

  return async (req) => {
    const { pathname } = new URL(req.url);
    try {
      if (req.method === "POST" && /^\/e\/[^/]+$/.test(pathname)) {
        const body = await req.json();
        const events = (Array.isArray(body) ? body : [body]) as IncomingEvent[];
        const { ids } = await opts.send(events, req.headers.get("x-inngest-event-id-seed") ?? undefined);
        return json(200, { ids, status: 200 });
      }
      const checkpointPath = /^\/v1\/checkpoint\/([^/]+)\/async$/.exec(pathname);
      if (req.method === "POST" && checkpointPath) {
        if (!authorized(req)) return json(401, { error: "Unauthorized" });
        const body = (await req.json()) as { qi_id?: string; steps?: Op[] };
        const target = opts.checkpoints?.get(decodeURIComponent(checkpointPath[1]));
        // 409 tells the SDK its dispatch is stale (the run was released or claimed again): it stops.
        if (!target || target.queueItemId !== body.qi_id) return json(409, { error: "Stale dispatch" });
        const outcome = await target.apply(Array.isArray(body.steps) ? body.steps : []);
        if (outcome === "stale") return json(409, { error: "Stale dispatch" });
        if (outcome === "too_large") return json(413, { error: "step output size is greater than the limit" });
        return json(200, {});
      }
      if (req.method === "POST" && pathname === "/fn/register") {
        if (!authorized(req)) return json(401, { error: "Unauthorized" });
        opts.register(await req.json());
        return json(200, { ok: true, modified: true });
      }
      return json(404, { error: `The embedded engine does not serve ${req.method} ${pathname}` });
    } catch (err) {
      const status = err instanceof EventApiError || err instanceof SyntaxError ? 400 : 500;
      return json(status, { error: (err as Error).message, status });
    }
  };
}
