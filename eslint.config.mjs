import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Imports point one way (docs/contributing.md): app → components → lib, inngest → lib.
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: "./lib",
              from: ["./app", "./components", "./inngest"],
              message: "lib/ is imported, never imports.",
            },
            {
              target: "./components",
              from: ["./app", "./inngest"],
              message: "Pass actions in as props or keep them in lib/actions/.",
            },
            { target: "./inngest", from: ["./app", "./components"] },
          ],
        },
      ],
    },
  },
  {
    // Playwright fixtures receive a `use` callback; it is not React's hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  globalIgnores([
    ".next/**",
    "node_modules/**",
    "lib/db/generated/**",
    ".data*/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
    "scratch/**",
    "docs/verify/**",
    "packages/*/dist/**",
  ]),
]);
