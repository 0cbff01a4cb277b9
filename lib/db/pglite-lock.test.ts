import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquirePgliteLock } from "./pglite-lock.ts";

describe("the PGlite folder lock", () => {
  const dir = () => path.join(mkdtempSync(path.join(tmpdir(), "lock-")), "pglite");

  it("refuses a second owner while the first process lives, with a clear message", () => {
    const d = dir();
    // Another live process (this test's parent) holds it.
    writeFileSync(`${d}.lock`, String(process.ppid));
    expect(() => acquirePgliteLock(d)).toThrow(/is in use by process \d+ \(probably the running app\)/);
  });

  it("takes over a lock left by a process that died (e.g. killed with SIGKILL)", () => {
    const d = dir();
    const dead = spawnSync(process.execPath, ["-e", "process.exit(0)"]).pid!;
    writeFileSync(`${d}.lock`, String(dead));
    const release = acquirePgliteLock(d);
    expect(readFileSync(`${d}.lock`, "utf8")).toBe(String(process.pid));
    release();
  });
});
