import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

// Memory of an embedded PostgreSQL server: all its processes (the postmaster and its children:
// backends, one per connection, and background workers). RSS counts shared buffers once per process that
// touched them; PSS shares them out, so the PSS sum is what the server really takes.
export type ServerMemory = { rssMb: number; pssMb: number; processes: number };

export function embeddedServerMemory(dataDir: string): ServerMemory | undefined {
  try {
    const pidFile = path.join(dataDir, "postgres", "postmaster.pid");
    const postmaster = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    const children = execFileSync("ps", ["-o", "pid=", "--ppid", String(postmaster)], { encoding: "utf8" })
      .split("\n")
      .map((l) => Number(l.trim()))
      .filter(Boolean);
    const pids = [postmaster, ...children];
    let rss = 0;
    let pss = 0;
    for (const pid of pids) {
      try {
        const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
        rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
        pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      } catch {
        /* exited meanwhile */
      }
    }
    return { rssMb: Math.round(rss / 1024), pssMb: Math.round(pss / 1024), processes: pids.length };
  } catch {
    return undefined;
  }
}
