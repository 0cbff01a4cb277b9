import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupAddress } from "node:dns";
import ipaddr from "ipaddr.js";
import { endpointUrlProblem } from "./webhook-input-rules.ts";

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** DNS resolution, injectable so tests can make a name resolve anywhere. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export type GuardOptions = { allowPrivateUrls: boolean; resolve?: Resolver };

export type UrlRefusal = { ok: false; reason: "invalid" | "scheme" | "ssrf" | "dns"; message: string };
export type UrlCheck = { ok: true; url: URL; addresses: ResolvedAddress[] } | UrlRefusal;

const PUBLIC_MESSAGE = "webhooks must reach the public internet";
const METADATA_ADDRESSES = new Set(["169.254.169.254", "fd00:ec2::254"]);

export const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a: LookupAddress) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** Thrown from the pinned lookup so the sender can classify the failure as `ssrf`. */
export class BlockedAddressError extends Error {
  readonly code = "ERR_WEBHOOK_BLOCKED_ADDRESS";
}

const RANGE_WORDS: Record<string, string> = {
  loopback: "a loopback",
  private: "a private",
  uniqueLocal: "a private (unique local)",
  linkLocal: "a link-local",
  carrierGradeNat: "a carrier-grade NAT",
  unspecified: "an unspecified",
  broadcast: "a broadcast",
  multicast: "a multicast",
};

/** Why an IP may not be reached from production, or null when it is a public unicast address. */
export function blockedAddressReason(ip: string): string | null {
  if (!ipaddr.isValid(ip)) return `Not an IP address (${ip})`;
  let addr = ipaddr.parse(ip);
  // ::ffff:10.0.0.1 reaches 10.0.0.1: judge the embedded IPv4 address.
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  }
  const text = addr.toString();
  if (METADATA_ADDRESSES.has(text)) return `the cloud metadata address (${text})`;
  // ::/96 (IPv4-compatible, deprecated) embeds an IPv4 address too; ipaddr.js calls ::7f00:1
  // unicast. Nothing public lives there, so the whole prefix is refused.
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).parts.slice(0, 6).every((p) => p === 0)) {
    const range = addr.range();
    if (range === "unicast") return `an IPv4-compatible IPv6 address (${text})`;
  }
  const range = addr.range();
  // Only plain unicast is public; every special range (reserved, 6to4, NAT64, …) is refused.
  if (range === "unicast") return null;
  return `${RANGE_WORDS[range] ?? `a reserved (${range})`} address (${text})`;
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/**
 * Checks scheme and IP-literal hosts without DNS. The WHATWG parser has already turned
 * `2130706433`, `0177.0.0.1` and `0x7f.0.0.1` into `127.0.0.1`, so they are caught here.
 */
export function checkUrlSyntax(raw: string, opts: GuardOptions): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "invalid", message: "Enter a full URL such as https://example.com/webhooks" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return { ok: false, reason: "scheme", message: "The URL must start with https:// or http://" };
  }
  if (opts.allowPrivateUrls) return { ok: true, url, addresses: [] };
  if (url.protocol !== "https:") {
    return {
      ok: false,
      reason: "scheme",
      message: "The URL must use https://; plain http is only allowed in local development",
    };
  }
  const host = hostOf(url);
  if (ipaddr.isValid(host)) {
    const reason = blockedAddressReason(host);
    if (reason) return { ok: false, reason: "ssrf", message: `Points to ${reason}; ${PUBLIC_MESSAGE}` };
    return { ok: true, url, addresses: [{ address: host, family: ipaddr.parse(host).kind() === "ipv6" ? 6 : 4 }] };
  }
  return { ok: true, url, addresses: [] };
}

/** Resolves and judges every address; refuses if any one of them is not public. */
export async function checkResolvedHost(hostname: string, opts: GuardOptions): Promise<UrlRefusal | ResolvedAddress[]> {
  let addresses: ResolvedAddress[];
  try {
    addresses = await (opts.resolve ?? systemResolver)(hostname);
  } catch {
    return { ok: false, reason: "dns", message: `Could not resolve ${hostname}` };
  }
  if (addresses.length === 0) return { ok: false, reason: "dns", message: `Could not resolve ${hostname}` };
  if (opts.allowPrivateUrls) return addresses;
  // Never say what the name resolves to: that would map the server's internal names for any
  // tenant admin (which ones exist, and where they point).
  if (addresses.some((a) => blockedAddressReason(a.address) !== null)) {
    return { ok: false, reason: "ssrf", message: `${hostname} is not allowed: ${PUBLIC_MESSAGE}` };
  }
  return addresses;
}

/** The full check (syntax + DNS), for validating a URL when an admin saves it. */
export async function checkUrl(raw: string, opts: GuardOptions): Promise<UrlCheck> {
  const syntax = checkUrlSyntax(raw, opts);
  if (!syntax.ok) return syntax;
  // What the form refuses (credentials, raw control characters), said while the admin types.
  const problem = endpointUrlProblem(raw);
  if (problem) return { ok: false, reason: "invalid", message: problem };
  if (syntax.addresses.length > 0) return syntax;
  const host = hostOf(syntax.url);
  if (ipaddr.isValid(host)) return syntax;
  const resolved = await checkResolvedHost(host, opts);
  return Array.isArray(resolved) ? { ok: true, url: syntax.url, addresses: resolved } : resolved;
}
