import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authConfig } from "@/lib/auth/auth-config.ts";

// Reads only the session cookie (no database): signed-out visitors of app pages go to
// the login page. Pages, actions and routes still check session, role and agency themselves.
const { auth } = NextAuth(authConfig());

const PUBLIC_PATHS = ["/login", "/setup"];

export default auth((req) => {
  const { pathname, search } = req.nextUrl;
  if (req.auth || PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return NextResponse.next();
  const login = new URL("/login", req.nextUrl.origin);
  if (pathname !== "/") login.searchParams.set("callbackUrl", pathname + search);
  return NextResponse.redirect(login);
});

export const config = {
  // API routes answer 401 themselves; static files need no session.
  matcher: ["/((?!api/|_next/|favicon.ico|.*\\.(?:png|svg|ico|css|js)$).*)"],
};
