// The per-address sign-in limit keys on the address our own proxy saw, not on what the
// caller wrote into X-Forwarded-For: a caller cannot rotate fake addresses past the limit,
// nor fill someone else's address with failures to lock them out.
import { describe, expect, it } from "vitest";
import { clientAddress } from "@/lib/auth/client-address.ts";

const h = (xff?: string, realIp?: string) => {
  const headers = new Headers();
  if (xff !== undefined) headers.set("x-forwarded-for", xff);
  if (realIp) headers.set("x-real-ip", realIp);
  return headers;
};

describe("clientAddress", () => {
  it("takes the entry our nearest proxy appended, not the caller's leftmost one", () => {
    expect(clientAddress(h("203.0.113.99, 198.51.100.7"))).toBe("198.51.100.7");
    expect(clientAddress(h("1.1.1.1, 2.2.2.2, 3.3.3.3, 198.51.100.7"))).toBe("198.51.100.7");
  });

  it("rotating fake leftmost entries behind a proxy always lands on the same key", () => {
    const keys = new Set(Array.from({ length: 30 }, (_, i) => clientAddress(h(`10.0.0.${i}, 198.51.100.7`))));
    expect(keys).toEqual(new Set(["198.51.100.7"]));
  });

  it("counts hops from the right when there are two proxies (e.g. a CDN and a load balancer)", () => {
    expect(clientAddress(h("203.0.113.99, 198.51.100.7, 192.0.2.1"), 2)).toBe("198.51.100.7");
    // More hops configured than entries present: the leftmost is all there is.
    expect(clientAddress(h("198.51.100.7"), 3)).toBe("198.51.100.7");
  });

  it("uses the single address Next sets from the socket when no proxy is in front", () => {
    expect(clientAddress(h("127.0.0.1"))).toBe("127.0.0.1");
    expect(clientAddress(h(undefined, "192.0.2.44"))).toBe("192.0.2.44");
    expect(clientAddress(h())).toBeNull();
  });
});
