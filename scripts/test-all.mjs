// npm test — every check in order: typecheck, lint, formatting (Prettier), unit + integration tests (vitest,
// on an embedded PostgreSQL, or TEST_DATABASE_URL's), production build, browser suites (Playwright + Chromium).
// Ends with one line summing all suites: "N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { tsImport } from "tsx/esm/api";

const only = process.argv.slice(2);

// The browser suites come last: a missing Chromium is said before anything starts, not after the build.
if (!only.length || only.includes("e2e")) {
  const { findChromium } = await tsImport("../e2e/support/chromium.ts", import.meta.url);
  const chromium = findChromium();
  if (!chromium.ok) {
    console.error(chromium.message);
    process.exit(1);
  }
}
mkdirSync("test-results", { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0, flaky: 0 };
let broken = false;

function run(name, cmd, args, env = {}) {
  if (only.length && !only.includes(name)) return true;
  console.log(`\n━━ ${name}: ${cmd} ${args.join(" ")}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const ok = r.status === 0;
  console.log(
    `━━ ${name}: ${ok ? "ok" : `FAILED (exit ${r.status})`} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  if (!ok) broken = true;
  return ok;
}

function countVitest(file) {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
}

function countPlaywright(file) {
  if (!existsSync(file)) return;
  const s = JSON.parse(readFileSync(file, "utf8")).stats;
  totals.passed += s.expected + s.flaky;
  totals.flaky += s.flaky;
  totals.failed += s.unexpected;
  totals.skipped += s.skipped;
}

run("typecheck", "npx", ["tsc", "--noEmit", "-p", "."]);
run("lint", "npx", ["eslint", ".", "--max-warnings", "0"]);
run("format", "npx", ["prettier", "--check", "."]);
run("unit", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile=test-results/vitest.json"]);
countVitest("test-results/vitest.json");
if (run("build", "npx", ["next", "build"])) {
  run("e2e", "npx", ["playwright", "test"]);
  countPlaywright("test-results/e2e-results.json");
} else if (!only.length || only.includes("e2e")) {
  console.log("━━ e2e: not run, the build failed");
  totals.failed += 1;
}

console.log(
  `\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}` +
    (totals.flaky ? ` (${totals.flaky} browser test(s) flaky: failed once, then passed; see the list above)` : ""),
);
process.exit(broken || totals.failed > 0 ? 1 : 0);
