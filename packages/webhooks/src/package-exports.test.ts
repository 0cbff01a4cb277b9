import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dir = path.resolve(import.meta.dirname, "..");
const root = path.resolve(dir, "../..");

// What an installer gets: the built dist/ through package.json's exports, resolved as a
// dependency from the repository root (npm ci links the workspace into node_modules).
describe("@agency-os/webhooks as published", () => {
  it("builds, and both entry points load from node_modules through the exports map", () => {
    execFileSync("npm", ["run", "build", "--silent"], { cwd: dir, stdio: "pipe" });
    const script = `
      const main = await import("@agency-os/webhooks");
      const inngest = await import("@agency-os/webhooks/inngest");
      console.log(JSON.stringify({
        verify: typeof main.verifyWebhook,
        types: main.EVENT_TYPES.length,
        paid: inngest.agencyOsEvents["invoice.paid"].name,
      }));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({ verify: "function", types: 14, paid: "agency-os/invoice.paid" });
  });

  it("packs its README, its compiled code and type declarations, and no tests or sources", () => {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: dir, encoding: "utf8" });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining(["README.md", "package.json", "dist/index.js", "dist/index.d.ts", "dist/inngest.js"]),
    );
    expect(files.filter((f) => f.endsWith(".test.js") || f.startsWith("src/"))).toEqual([]);
  });
});
