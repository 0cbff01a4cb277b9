import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { config as appConfig } from "@/lib/config/index.ts";

// Reads only the session cookie (no database): signed-out visitors of app pages go to
// the login page. Pages, actions and routes still check session, role and agency themselves.
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

export default async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  if (PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return NextResponse.next();
  if (await hasSession(req)) return NextResponse.next();
  const login = new URL("/login", req.nextUrl.origin);
  if (pathname !== "/") login.searchParams.set("callbackUrl", pathname + search);
  return NextResponse.redirect(login);
}

export const config = {
  // API routes answer 401 themselves; static files need no session.
  matcher: ["/((?!api/|_next/|favicon.ico|.*\\.(?:png|svg|ico|css|js)$).*)"],
};
