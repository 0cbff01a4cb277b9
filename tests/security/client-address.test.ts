// Issue 14 item 3: the per-address limits key on an address the caller cannot choose. With no
// proxy configured (TRUSTED_PROXY_HOPS=0, the default) that is the TCP peer's address, stamped
// by lib/server/peer-address.ts; X-Forwarded-For is ignored, since Next keeps a client-sent one.
import { request as httpRequest, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { canonicalAddress, clientAddress, clientAddressMode } from "@/lib/auth/client-address.ts";
import { installPeerAddressHeader, PEER_ADDRESS_HEADER, peerAddress } from "@/lib/server/peer-address.ts";

const h = (xff?: string) => {
  const headers = new Headers();
  if (xff !== undefined) headers.set("x-forwarded-for", xff);
  return headers;
};

/** One real HTTP request from a chosen local address; answers what the server read as the peer. */
async function peerSeenBy(localAddress: string, sentHeaders: Record<string, string>): Promise<string | null> {
  const server = createServer((req, res) => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    res.end(JSON.stringify({ address: clientAddress(headers, 0) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, localAddress, headers: sentHeaders }, (res) => {
        let text = "";
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve(text));
      });
      req.on("error", reject);
      req.end();
    });
    return (JSON.parse(body) as { address: string | null }).address;
  } finally {
    server.close();
  }
}

describe("clientAddress with no trusted proxy (TRUSTED_PROXY_HOPS=0, the default)", () => {
  it("reads the socket's address, whatever X-Forwarded-For or the peer header the caller sends", async () => {
    installPeerAddressHeader();
    const forged = { "x-forwarded-for": "127.0.0.1", "x-real-ip": "10.1.1.1", [PEER_ADDRESS_HEADER]: "192.0.2.1" };
    expect(await peerSeenBy("127.0.0.7", forged)).toBe("127.0.0.7");
    // Rotating the header changes nothing: every request from one socket address is one key.
    const keys = new Set<string | null>();
    for (let i = 0; i < 5; i++) keys.add(await peerSeenBy("127.0.0.8", { "x-forwarded-for": `203.0.113.${i}` }));
    expect(keys).toEqual(new Set(["127.0.0.8"]));
  });

  it("ignores X-Forwarded-For entirely: a forged 127.0.0.1 does not land on everyone's key", () => {
    expect(clientAddress(h("127.0.0.1"), 0, "198.51.100.7")).toBe("198.51.100.7");
    expect(clientAddress(h("203.0.113.99, 127.0.0.1"), 0, "198.51.100.7")).toBe("198.51.100.7");
  });

  it("trusts the peer header only where this process stamps it", () => {
    const headers = new Headers({ [PEER_ADDRESS_HEADER]: "192.0.2.9" });
    const marker = Symbol.for("agency-os.peer-address-header");
    const g = globalThis as unknown as Record<symbol, boolean | undefined>;
    const before = g[marker];
    g[marker] = undefined;
    try {
      expect(peerAddress(headers)).toBeNull();
    } finally {
      g[marker] = before;
    }
  });

  it("says at start-up which mode is in force", () => {
    expect(clientAddressMode(0)).toMatch(/socket.*TRUSTED_PROXY_HOPS=0.*X-Forwarded-For is ignored/);
    expect(clientAddressMode(2)).toMatch(/X-Forwarded-For entry 2 from the right/);
  });
});

describe("clientAddress behind TRUSTED_PROXY_HOPS proxies", () => {
  it("takes the entry our outermost proxy appended, not the caller's leftmost one", () => {
    expect(clientAddress(h("203.0.113.99, 198.51.100.7"), 1, "10.0.0.1")).toBe("198.51.100.7");
    expect(clientAddress(h("1.1.1.1, 2.2.2.2, 3.3.3.3, 198.51.100.7"), 1, "10.0.0.1")).toBe("198.51.100.7");
    const keys = new Set(Array.from({ length: 30 }, (_, i) => clientAddress(h(`10.0.0.${i}, 198.51.100.7`), 1)));
    expect(keys).toEqual(new Set(["198.51.100.7"]));
  });

  it("counts hops from the right when there are two proxies (e.g. a CDN and a load balancer)", () => {
    expect(clientAddress(h("203.0.113.99, 198.51.100.7, 192.0.2.1"), 2)).toBe("198.51.100.7");
    // More hops configured than entries present: the leftmost is all there is.
    expect(clientAddress(h("198.51.100.7"), 3)).toBe("198.51.100.7");
    // No header at all: the socket's address.
    expect(clientAddress(h(), 1, "192.0.2.44")).toBe("192.0.2.44");
  });
});

describe("canonicalAddress (a short, canonical limiter key)", () => {
  it("maps IPv4-mapped IPv6 to IPv4, IPv6 to its /64, and refuses anything that is not an address", () => {
    expect(canonicalAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(canonicalAddress("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(canonicalAddress("2001:db8:1:2::9")).toBe("2001:db8:1:2::/64");
    for (const bad of ["", "unknown", "x".repeat(10_000), "1.2.3.4, 5.6.7.8", "\u0000"]) {
      expect(canonicalAddress(bad)).toBeNull();
    }
  });
});
