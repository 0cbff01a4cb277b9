/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets two builds of one checkout live side by side (e.g. a benchmark build and the test build).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Native and WASM packages load from node_modules at run time instead of being bundled.
  serverExternalPackages: [
    "@node-rs/argon2",
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "pg",
    "@prisma/adapter-pg",
  ],
  experimental: {
    // forbidden() renders app/forbidden.tsx with a real 403.
    authInterrupts: true,
  },
  // `npm test` runs `tsc` as its own step before building; checking twice only costs time.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
