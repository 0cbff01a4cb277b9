import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // The workspace package's source, as tsconfig's paths say (its dist/ is what npm publishes).
      { find: /^@agency-os\/webhooks$/, replacement: path.join(root, "packages/webhooks/src/index.ts") },
      { find: /^@agency-os\/webhooks\/inngest$/, replacement: path.join(root, "packages/webhooks/src/inngest.ts") },
    ],
  },
  test: {
    environment: "node",
    include: [
      "lib/**/*.test.ts",
      "inngest/**/*.test.ts",
      "app/**/*.test.ts",
      "tests/**/*.test.ts",
      "scripts/**/*.test.ts",
      "bench/**/*.test.ts",
      "packages/*/src/**/*.test.ts",
    ],
    exclude: ["node_modules", ".next", "e2e"],
    pool: "forks",
    // One PostgreSQL server for the run (TEST_DATABASE_URL or an embedded one), a database per file.
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/local-secrets.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: "test", DATA_DIR: ".data-test" },
  },
});
