import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

/**
 * The TCP peer's address, written into each request as a header the caller cannot set.
 *
 * Next 16 gives route handlers and server actions no socket address (`request.ip` is gone; it
 * only copies the socket address into X-Forwarded-For when the caller sent none, so a caller
 * picks its own). Node publishes every incoming request on the documented diagnostics channel
 * `http.server.request.start` synchronously, before the server's `request` event and so before
 * Next reads a header. The subscriber overwrites this header with `socket.remoteAddress` on
 * every request, so whatever a caller sent under this name is gone by the time we read it.
 */
export const PEER_ADDRESS_HEADER = "x-agency-os-peer-address";

// Shared by every bundle in the process (instrumentation, routes and actions are bundled apart).
const INSTALLED = Symbol.for("agency-os.peer-address-header");
type Marked = typeof globalThis & { [INSTALLED]?: boolean };

/** Called once at start-up (instrumentation.ts), before the first request is served. */
export function installPeerAddressHeader(): void {
  const g = globalThis as Marked;
  if (g[INSTALLED]) return;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[PEER_ADDRESS_HEADER] = socket.remoteAddress ?? "";
  });
  g[INSTALLED] = true;
}

/** The peer's address, or null when the header is not stamped in this process (so not trustworthy). */
export function peerAddress(headers: Headers): string | null {
  if (!(globalThis as Marked)[INSTALLED]) return null;
  return headers.get(PEER_ADDRESS_HEADER) || null;
}
