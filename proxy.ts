import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { config as appConfig } from "@/lib/config/index.ts";
import { newNonce, pageContentSecurityPolicy } from "@/lib/http/content-security-policy.ts";

// Two jobs for every page request: its Content-Security-Policy with a fresh nonce (Next's
// documented way: the policy rides on the request, Next puts the nonce on its scripts), and
// sending signed-out visitors of app pages to the login page. Pages, actions and routes still
// check session, role and agency themselves.
//
// The cookie is only read here, never written. Auth.js's own middleware wrapper re-issues
// the session cookie on every request it sees; a response to a request that was in flight
// when the user signed out (a link prefetch) then set the cookie again after sign-out had
// deleted it, and the user stayed signed in (seen in CI). Sessions therefore last 8 hours
// from sign-in (SESSION_MAX_AGE_SECONDS), not 8 hours from the last request.

const PUBLIC_PATHS = ["/login", "/setup"];

// Auth.js names the cookie `__Secure-authjs.session-token` behind https and
// `authjs.session-token` otherwise; either must decrypt with our secret to count.
async function hasSession(req: NextRequest): Promise<boolean> {
  const secret = appConfig().authSecret;
  for (const secureCookie of [true, false]) {
    if (await getToken({ req, secret, secureCookie })) return true;
  }
  return false;
}

function withPolicy(req: NextRequest): NextResponse {
  const https = req.nextUrl.protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
  const policy = pageContentSecurityPolicy({ nonce: newNonce(), dev: process.env.NODE_ENV === "development", https });
  const headers = new Headers(req.headers);
  headers.set("content-security-policy", policy);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("Content-Security-Policy", policy);
  return res;
}

// A path whose percent-escapes are not UTF-8 (`%ED%A0%80`, a lone surrogate spelled as bytes;
// `%FF`) makes Next's own parameter decoding throw, an empty 500 before any route runs (issue 14
// item 6). Refused here with a 400 that says so, for pages and API routes alike.
function decodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export default async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  if (!decodablePath(pathname)) {
    return NextResponse.json(
      {
        error: "The URL path holds a percent-escape that is not valid UTF-8.",
        fieldErrors: { path: ["not valid UTF-8 once decoded"] },
      },
      { status: 400, headers: { "Cache-Control": "private, no-store" } },
    );
  }
  // API routes answer 401 themselves and get their headers from next.config.mjs.
  if (pathname.startsWith("/api/")) return NextResponse.next();
  if (PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return withPolicy(req);
  if (await hasSession(req)) return withPolicy(req);
  const login = new URL("/login", req.nextUrl.origin);
  if (pathname !== "/") login.searchParams.set("callbackUrl", pathname + search);
  return NextResponse.redirect(login);
}

export const config = {
  // API routes only for the path check above; static files need neither.
  matcher: ["/((?!_next/|favicon.ico|.*\\.(?:png|svg|ico|css|js)$).*)"],
};
