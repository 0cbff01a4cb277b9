// The Inngest client's outgoing calls (event sends, step.sendEvent, the registration that a
// sync PUT triggers) go to this pseudo origin. `embeddedFetch` answers them in-process from
// the engine registered on globalThis (Next may load this module more than once), and passes
// every other URL to the real fetch. Nothing listens on the network for them.

export const EMBEDDED_ORIGIN = "http://inngest-engine.invalid";

export type EngineEndpoint = { handleApiRequest(req: Request): Promise<Response> };

const holder = globalThis as unknown as { __agencyEngineEndpoint?: EngineEndpoint };

export function setEngineEndpoint(endpoint: EngineEndpoint | undefined): void {
  holder.__agencyEngineEndpoint = endpoint;
}

export const embeddedFetch: typeof fetch = async (input, init) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  if (!url.startsWith(EMBEDDED_ORIGIN + "/")) return fetch(input, init);
  const endpoint = holder.__agencyEngineEndpoint;
  // "fetch failed" is what the SDK expects from an unreachable server; the outbox keeps the event.
  if (!endpoint) throw new TypeError("fetch failed: the embedded engine is not running in this process");
  return endpoint.handleApiRequest(new Request(url, init));
};
