// A base no request can name: only what resolves to a path on it is accepted, so absolute,
// scheme-relative and backslash spellings (all other origins) fall back.
const BASE = new URL("http://callback.invalid");

// Browsers drop tab, CR and LF inside a URL ("/\t/evil.example" becomes "//evil.example"), and
// a raw control character in a Location header fails the response: any of them means refuse.
const UNSAFE = /[\u0000-\u0020\u007f-\u009f\u2028\u2029\\]|\s/;

/** Only same-origin paths: a crafted ?callbackUrl= must not send users to another site. */
export function safeCallbackPath(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || UNSAFE.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE.origin) return fallback;
  // Signing in again, or setting up an app that already is, leads nowhere useful.
  if (/^\/(login|setup)(\/|$)/.test(url.pathname)) return fallback;
  return url.pathname + url.search + url.hash;
}
