/** Only same-site paths: a crafted ?callbackUrl= must not send users to another site. */
export function safeCallbackPath(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (value.startsWith("/login") || value.startsWith("/setup")) return fallback;
  return value;
}
