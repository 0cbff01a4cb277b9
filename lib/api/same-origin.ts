/**
 * A browser's cookie-carrying write must come from this app's own pages: its Origin must name the
 * host the request was sent to (as Next checks server actions). The Host / X-Forwarded-Host
 * header is the reference, since nextUrl.origin is not that host behind `next start -H` or a proxy.
 */
export function isSameOrigin(headers: Headers): boolean {
  if (headers.get("sec-fetch-site") === "cross-site") return false;
  const origin = headers.get("origin");
  if (!origin) return true;
  const host = headers.get("x-forwarded-host")?.split(",")[0].trim() || headers.get("host");
  try {
    return Boolean(host) && new URL(origin).host === host;
  } catch {
    return false;
  }
}
