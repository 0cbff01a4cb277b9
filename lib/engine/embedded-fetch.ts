// The Inngest client's outgoing calls (event sends, step.sendEvent, the registration that a
// sync PUT triggers) go to this pseudo origin. `embeddedFetch` answers them in-process from
// the engine registered on globalThis (Next may load this module more than once), and passes
// every other URL to the real fetch. Nothing listens on the network for them.

export const EMBEDDED_ORIGIN = "http://inngest-engine.invalid";

/** What the engine's API reads of a call: a Request has all of it. */
export type ApiRequest = {
  method: string;
  url: string;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
};

export type EngineEndpoint = { handleApiRequest(req: ApiRequest): Promise<Response> };

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
  return endpoint.handleApiRequest(
    plainCall(url, input, init) ??
      (typeof input === "string" || input instanceof URL ? new Request(url, init) : new Request(input, init)),
  );
};

/**
 * The SDK's calls (checkpoints, sends) carry a JSON string and a plain header object: the engine
 * reads them as they are instead of through a Request, whose body goes through a web stream to
 * be parsed back (a Request and its stream per checkpoint and per send were 2 % of the engine
 * process's CPU at full speed). Anything else (a Request, a stream or bytes body, a Headers
 * instance) goes through a Request as before.
 */
function plainCall(url: string, input: Parameters<typeof fetch>[0], init: RequestInit | undefined): ApiRequest | null {
  if (typeof input !== "string" && !(input instanceof URL)) return null;
  const body = init?.body;
  if (body !== undefined && body !== null && typeof body !== "string") return null;
  const given = init?.headers;
  if (
    given !== undefined &&
    (given === null || typeof given !== "object" || Array.isArray(given) || given instanceof Headers)
  )
    return null;
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries((given ?? {}) as Record<string, string>)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const prev = headers.get(key);
    headers.set(key, prev === undefined ? String(value) : `${prev}, ${value}`);
  }
  const method = (init?.method ?? "GET").toUpperCase();
  // A Request refuses a body on these; let it.
  if ((method === "GET" || method === "HEAD") && body) return null;
  return {
    method,
    url,
    headers: { get: (name) => headers.get(name.toLowerCase()) ?? null },
    json: async () => JSON.parse(body ?? ""),
  };
}
