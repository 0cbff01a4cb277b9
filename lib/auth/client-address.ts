import { config } from "@/lib/config/index.ts";

/**
 * The caller's address, used only to slow guessing (the per-address sign-in limit).
 *
 * X-Forwarded-For is a list the client can start: `next start` keeps a client-sent header as
 * it is, and proxies append to it. So the leftmost entry is whatever the caller chose, which
 * would let one caller rotate through fake addresses, or fill a victim's address with failures
 * and lock them out. The trustworthy entry is the one written by the nearest proxy we run:
 * `trustedHops` from the right (TRUSTED_PROXY_HOPS, default 1: one proxy or none).
 */
export function clientAddress(headers: Headers, trustedHops = trustedProxyHops()): string | null {
  const forwarded = headers
    .get("x-forwarded-for")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (forwarded && forwarded.length > 0) return forwarded[Math.max(0, forwarded.length - Math.max(1, trustedHops))];
  return headers.get("x-real-ip");
}

function trustedProxyHops(): number {
  return config().trustedProxyHops;
}
