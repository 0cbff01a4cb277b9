import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    include: [
      "lib/**/*.test.ts",
      "inngest/**/*.test.ts",
      "app/**/*.test.ts",
      "tests/**/*.test.ts",
      "scripts/**/*.test.ts",
      "bench/**/*.test.ts",
    ],
    exclude: ["node_modules", ".next", "e2e"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: "test", DATA_DIR: ".data-test" },
  },
});
