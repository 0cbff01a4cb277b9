import ipaddr from "ipaddr.js";
import { config } from "@/lib/config/index.ts";
import { peerAddress } from "@/lib/server/peer-address.ts";

/**
 * The caller's address, used only to slow guessing (the sign-in and setup limits per address).
 *
 * TRUSTED_PROXY_HOPS = 0 (the default, `next start` with nothing in front): the TCP peer's
 * address, which the caller cannot choose. X-Forwarded-For is ignored: Next keeps a
 * client-sent one as it is, so a caller could rotate fake addresses past the limit, or write a
 * victim's address (127.0.0.1 for everyone without the header) and lock them out.
 *
 * TRUSTED_PROXY_HOPS = N: N proxies of ours each append the address they saw, so the entry N
 * from the right is the one our outermost proxy wrote; everything left of it is the caller's.
 *
 * The result is a canonical key: an IPv4-mapped IPv6 address is its IPv4 address, and an IPv6
 * address counts by its /64 (one host usually holds a whole /64). Anything that is not an IP
 * address gives null, so the key stays short whatever a header holds.
 */
export function clientAddress(
  headers: Headers,
  trustedHops = config().trustedProxyHops,
  peer: string | null = peerAddress(headers),
): string | null {
  if (trustedHops === 0) return canonicalAddress(peer);
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  // Fewer entries than proxies: the leftmost is all there is (the app must only be reachable through them).
  const entry = forwarded[Math.max(0, forwarded.length - trustedHops)];
  return canonicalAddress(entry ?? peer);
}

export function canonicalAddress(raw: string | null | undefined): string | null {
  if (!raw || !ipaddr.isValid(raw)) return null;
  let addr = ipaddr.parse(raw);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  }
  if (addr.kind() === "ipv4") return addr.toString();
  const network = (addr as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...network, 0, 0, 0, 0]).toString()}/64`;
}

/** The start-up line that says where the per-address limits read the address from. */
export function clientAddressMode(trustedHops = config().trustedProxyHops): string {
  return trustedHops === 0
    ? "client address: the socket's (TRUSTED_PROXY_HOPS=0; X-Forwarded-For is ignored)"
    : `client address: X-Forwarded-For entry ${trustedHops} from the right (TRUSTED_PROXY_HOPS=${trustedHops}; only reach the app through those proxies)`;
}
