// The Content-Security-Policy of every page, as Next documents it for nonces: the proxy makes a
// fresh nonce per request, passes the policy on the request (Next reads the nonce from it and
// puts it on every script it renders) and sends it on the response. 'strict-dynamic' lets the
// scripts Next loads with that nonce load their own chunks; nothing else runs, inline or not.
//
// Styles keep 'unsafe-inline': Radix positions popovers with style attributes and Sonner and
// Scalar insert <style> elements without a nonce. Injected CSS cannot run script, and
// script-src is what stops XSS here.

/** A fresh nonce: 16 random bytes, base64 (the CSP nonce-source alphabet). */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

export function pageContentSecurityPolicy(opts: { nonce: string; dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    // React's development build evaluates strings for its error overlay and stacks.
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Only behind https: on plain http (local runs, the test servers) it would break every asset.
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** The nonce in a policy this module made (the proxy passes it on the request), for inline scripts of our own. */
export function nonceOf(policy: string | null | undefined): string | undefined {
  return policy?.match(/'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
}
