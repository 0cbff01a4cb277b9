import { describe, expect, it } from "vitest";
import { blockedAddressReason, checkUrl, checkUrlSyntax, type Resolver } from "./url-guard.ts";

const resolvesTo =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? (6 as const) : (4 as const) }));
const publicDns = resolvesTo("93.184.215.14");

// [label, url, words the message must contain]
const REFUSED: [string, string, string][] = [
  ["loopback", "https://127.0.0.1/hook", "loopback address (127.0.0.1)"],
  ["loopback, other /8 address", "https://127.1.2.3/", "loopback address (127.1.2.3)"],
  ["10/8", "https://10.0.0.5/hook", "private address (10.0.0.5)"],
  ["172.16/12", "https://172.16.4.1/", "private address (172.16.4.1)"],
  ["172.31 edge of 172.16/12", "https://172.31.255.255/", "private address"],
  ["192.168/16", "https://192.168.1.10/", "private address (192.168.1.10)"],
  ["cloud metadata", "https://169.254.169.254/latest/meta-data/", "metadata address (169.254.169.254)"],
  ["link-local", "https://169.254.10.10/", "link-local address"],
  ["100.64/10 CGNAT", "https://100.64.0.1/", "carrier-grade NAT address (100.64.0.1)"],
  ["unspecified", "https://0.0.0.0/", "unspecified address"],
  ["broadcast", "https://255.255.255.255/", "broadcast address"],
  ["multicast", "https://224.0.0.1/", "multicast address"],
  ["reserved 240/4", "https://240.0.0.1/", "reserved"],
  ["::1", "https://[::1]/hook", "loopback address (::1)"],
  ["fc00::/7 ULA", "https://[fd12:3456::1]/", "unique local"],
  ["fe80:: link-local", "https://[fe80::1]/", "link-local address"],
  ["::ffff:127.0.0.1 mapped", "https://[::ffff:127.0.0.1]/", "loopback address (127.0.0.1)"],
  ["::ffff:10.0.0.1 mapped", "https://[::ffff:10.0.0.1]/", "private address (10.0.0.1)"],
  // IPv4-compatible IPv6 (::/96, deprecated): ipaddr.js calls ::7f00:1 unicast.
  ["::127.0.0.1 compatible", "https://[::127.0.0.1]/", "IPv4-compatible"],
  ["::7f00:1 compatible", "https://[::7f00:1]/", "IPv4-compatible"],
  ["::a00:1 compatible", "https://[::a00:1]/", "IPv4-compatible"],
  ["::8.8.8.8 compatible", "https://[::8.8.8.8]/", "IPv4-compatible"],
  ["decimal 2130706433", "https://2130706433/", "loopback address (127.0.0.1)"],
  ["octal 0177.0.0.1", "https://0177.0.0.1/", "loopback address (127.0.0.1)"],
  ["hex 0x7f.0.0.1", "https://0x7f.0.0.1/", "loopback address (127.0.0.1)"],
  ["hex 0x0a000001", "https://0x0a000001/", "private address (10.0.0.1)"],
];

describe("URL guard with allowPrivateUrls=false", () => {
  it.each(REFUSED)("refuses %s", async (_label, url, words) => {
    const result = await checkUrl(url, { allowPrivateUrls: false, resolve: publicDns });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe("ssrf");
    expect(result.message).toContain(words);
    expect(result.message).toContain("webhooks must reach the public internet");
  });

  it("normalises decimal, octal and hex spellings with the WHATWG parser", () => {
    expect(new URL("http://2130706433/").hostname).toBe("127.0.0.1");
    expect(new URL("http://0177.0.0.1/").hostname).toBe("127.0.0.1");
    expect(new URL("http://0x7f.0.0.1/").hostname).toBe("127.0.0.1");
  });

  // Naming what a name resolves to would map the server's internal names for any tenant admin.
  it.each([["10.0.0.5"], ["127.0.0.1"], ["169.254.169.254"], ["::1"], ["::7f00:1"], ["fd12:3456::1"]])(
    "refuses a DNS name that resolves to %s without saying what it resolves to",
    async (address) => {
      const result = await checkUrl("https://intranet.example.com/hook", {
        allowPrivateUrls: false,
        resolve: resolvesTo(address),
      });
      expect(result).toEqual({
        ok: false,
        reason: "ssrf",
        message: "intranet.example.com is not allowed: webhooks must reach the public internet",
      });
    },
  );

  it("refuses a name when any one of its addresses is private (rebinding-style answers)", async () => {
    const result = await checkUrl("https://mixed.example.com/", {
      allowPrivateUrls: false,
      resolve: resolvesTo("93.184.215.14", "127.0.0.1"),
    });
    expect(result).toMatchObject({ ok: false, reason: "ssrf" });
  });

  it("refuses localhost through the real system resolver", async () => {
    const result = await checkUrl("https://localhost/hook", { allowPrivateUrls: false });
    expect(result).toMatchObject({ ok: false, reason: "ssrf" });
    expect(result.ok === false && result.message).toBe(
      "localhost is not allowed: webhooks must reach the public internet",
    );
  });

  it("refuses plain http and non-http schemes", async () => {
    expect(await checkUrl("http://93.184.215.14/", { allowPrivateUrls: false })).toMatchObject({
      ok: false,
      reason: "scheme",
    });
    expect(checkUrlSyntax("ftp://example.com/", { allowPrivateUrls: false })).toMatchObject({
      ok: false,
      reason: "scheme",
    });
    expect(checkUrlSyntax("file:///etc/passwd", { allowPrivateUrls: true })).toMatchObject({
      ok: false,
      reason: "scheme",
    });
    expect(checkUrlSyntax("not a url", { allowPrivateUrls: true })).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("accepts a public https URL and reports what it resolved to", async () => {
    expect(
      await checkUrl("https://hooks.example.com/in", { allowPrivateUrls: false, resolve: publicDns }),
    ).toMatchObject({
      ok: true,
      addresses: [{ address: "93.184.215.14", family: 4 }],
    });
    expect(await checkUrl("https://[2606:4700::6810:84e5]/", { allowPrivateUrls: false })).toMatchObject({ ok: true });
  });

  it("reports an unresolvable name as dns, not as a blocked address", async () => {
    const failing: Resolver = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    expect(await checkUrl("https://nope.invalid/", { allowPrivateUrls: false, resolve: failing })).toMatchObject({
      ok: false,
      reason: "dns",
    });
  });
});

describe("URL guard with allowPrivateUrls=true (local development)", () => {
  it.each(REFUSED)("allows %s", async (_label, url) => {
    expect(await checkUrl(url, { allowPrivateUrls: true, resolve: publicDns })).toMatchObject({ ok: true });
  });

  it("allows http and private DNS answers", async () => {
    expect(
      await checkUrl("http://intranet.example.com/", { allowPrivateUrls: true, resolve: resolvesTo("10.0.0.5") }),
    ).toMatchObject({ ok: true });
    expect(await checkUrl("http://localhost:3000/", { allowPrivateUrls: true })).toMatchObject({ ok: true });
  });
});

describe("blockedAddressReason", () => {
  it("passes public unicast addresses only", () => {
    expect(blockedAddressReason("8.8.8.8")).toBeNull();
    expect(blockedAddressReason("2001:4860:4860::8888")).toBeNull();
    expect(blockedAddressReason("::ffff:8.8.8.8")).toBeNull();
    expect(blockedAddressReason("64:ff9b::a00:1")).toContain("reserved");
    expect(blockedAddressReason("::7f00:1")).toContain("IPv4-compatible");
    expect(blockedAddressReason("::808:808")).toContain("IPv4-compatible");
  });
});

describe("checkUrl refuses what the form refuses", () => {
  it.each([
    ["https://user:pw@hooks.example.com/", /user name and password/],
    ["https://hooks.example.com/a\tb", /control characters/],
  ])("%j", async (url, message) => {
    const result = await checkUrl(url, { allowPrivateUrls: true, resolve: publicDns });
    expect(result).toMatchObject({ ok: false, reason: "invalid" });
    expect(result.ok === false && result.message).toMatch(message);
  });
});
